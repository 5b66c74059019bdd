package com.venuehub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The test JVM's stand-in for Twilio's Messages API (WireMock), answering as Twilio does;
 * and the check of every request it received against Twilio's official OpenAPI
 * description, so a request Twilio would refuse fails the test.
 */
public final class TestTwilioServer {

	public static final String ACCOUNT = "AC00000000000000000000000000000001";

	public static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

	private static WireMockServer server;

	private static OpenApiInteractionValidator validator;

	private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

	private TestTwilioServer() {
	}

	/**
	 * Twilio's signature of a callback: HMAC-SHA1 of the URL followed by each parameter
	 * name and value, sorted by name.
	 */
	public static String sign(String url, Map<String, String> params, String token) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
			server.start();
			acceptEverything();
		}
		return server;
	}

	/** Default answer: 201 with a queued message, as Twilio answers a create. */
	public static void acceptEverything() {
		server().stubFor(post(urlPathEqualTo(MESSAGES)).atPriority(10).willReturn(accepted()));
		server().stubFor(get(urlPathEqualTo(MESSAGES)).atPriority(10)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"messages\": [], \"end\": 0, \"first_page_uri\": \"" + MESSAGES
						+ "?PageSize=50&Page=0\", \"next_page_uri\": null, \"page\": 0, \"page_size\": 50, "
						+ "\"previous_page_uri\": null, \"start\": 0, \"uri\": \"" + MESSAGES + "\"}")));
	}

	public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted() {
		return aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withTransformers("response-template")
			.withBody(
					"""
							{"account_sid": "%s", "api_version": "2010-04-01", "body": "{{formData request.body 'form' urlDecode=true}}{{{form.Body}}}",
							 "date_created": "Tue, 01 Dec 2026 10:00:00 +0000", "date_sent": null,
							 "date_updated": "Tue, 01 Dec 2026 10:00:00 +0000", "direction": "outbound-api",
							 "error_code": null, "error_message": null, "from": null,
							 "messaging_service_sid": "{{form.MessagingServiceSid}}", "num_media": "0", "num_segments": "1",
							 "price": null, "price_unit": null, "sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}",
							 "status": "queued", "subresource_uris": {}, "to": "{{form.To}}", "uri": "%s"}"""
						.formatted(ACCOUNT, MESSAGES));
	}

	/** The create requests received for a number, each as its decoded form fields. */
	public static List<Map<String, String>> sentTo(String to) {
		List<Map<String, String>> found = new ArrayList<>();
		for (LoggedRequest request : server()
			.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(MESSAGES)))) {
			Map<String, String> form = form(request.getBodyAsString());
			if (to.equals(form.get("To"))) {
				found.add(form);
			}
		}
		return found;
	}

	public static Map<String, String> form(String body) {
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return fields;
	}

	/**
	 * Checks every request the stand-in received against Twilio's OpenAPI description;
	 * answers the problems found, empty when Twilio would accept them all.
	 */
	public static List<String> requestsTwilioWouldRefuse() {
		List<String> problems = new ArrayList<>();
		for (LoggedRequest request : server()
			.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathEqualTo(MESSAGES)))) {
			SimpleRequest.Builder builder = "POST".equals(request.getMethod().getName())
					? SimpleRequest.Builder.post(request.getUrl().replaceAll("\\?.*", ""))
					: SimpleRequest.Builder.get(request.getUrl().replaceAll("\\?.*", ""));
			request.getHeaders()
				.all()
				.stream()
				.filter(h -> !h.key().equalsIgnoreCase("Content-Type"))
				.forEach(h -> builder.withHeader(h.key(), h.values()));
			request.getQueryParams().forEach((name, values) -> builder.withQueryParam(name, values.values()));
			if (!request.getBodyAsString().isEmpty()) {
				// the form's fields, each a string as Twilio reads them (the validator
				// would
				// otherwise take +33… for a number)
				try {
					builder.withContentType("application/json")
						.withBody(JSON.writeValueAsString(form(request.getBodyAsString())));
				}
				catch (IOException ex) {
					throw new AssertionError(ex);
				}
			}
			ValidationReport report = validator().validateRequest(builder.build());
			if (report.hasErrors()) {
				problems.add(request.getMethod() + " " + request.getUrl() + ": " + report.getMessages());
			}
		}
		return problems;
	}

	private static synchronized OpenApiInteractionValidator validator() {
		if (validator == null) {
			try (InputStream in = TestTwilioServer.class
				.getResourceAsStream("/twilio/twilio_api_v2010_messages.json")) {
				com.fasterxml.jackson.databind.JsonNode spec = JSON.readTree(in);
				// each form body may also be checked as a JSON object of its fields
				for (com.fasterxml.jackson.databind.JsonNode path : spec.path("paths")) {
					for (com.fasterxml.jackson.databind.JsonNode operation : path) {
						com.fasterxml.jackson.databind.JsonNode content = operation.path("requestBody").path("content");
						if (content.has("application/x-www-form-urlencoded")) {
							((com.fasterxml.jackson.databind.node.ObjectNode) content).set("application/json",
									content.get("application/x-www-form-urlencoded"));
						}
					}
				}
				validator = OpenApiInteractionValidator.createForInlineApiSpecification(JSON.writeValueAsString(spec))
					.build();
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
		}
		return validator;
	}

}
