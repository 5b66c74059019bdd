package com.venuehub.sms;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Map;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The Twilio SDK's own HTTP client, with two changes. It makes each request once: the SDK
 * would repeat a request answered with a 5xx, and a message create is not idempotent, so
 * the hub decides what to retry. And it can send to a Twilio-compatible base URL instead
 * of {@code https://api.twilio.com} (a gateway, or a local stand-in).
 */
class TwilioHttpClient extends NetworkHttpClient {

	private final String apiUrl;

	TwilioHttpClient(String apiUrl, java.time.Duration timeout, int connections) {
		super(builder(timeout, connections));
		this.apiUrl = apiUrl == null || apiUrl.isBlank() ? null : apiUrl.replaceAll("/+$", "");
	}

	private static HttpClientBuilder builder(java.time.Duration timeout, int connections) {
		Timeout limit = Timeout.ofMilliseconds(timeout.toMillis());
		return HttpClientBuilder.create()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(connections)
				.setMaxConnPerRoute(connections)
				.setDefaultConnectionConfig(
						ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
			.disableAutomaticRetries()
			.disableRedirectHandling();
	}

	@Override
	public Response reliableRequest(Request request) {
		return makeRequest(this.apiUrl == null ? request : rebased(request));
	}

	@Override
	public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
		return reliableRequest(request);
	}

	private Request rebased(Request request) {
		String path;
		try {
			path = new URL(request.getUrl()).getPath();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("the Twilio SDK built an invalid URL", ex);
		}
		Request copy = new Request(request.getMethod(), this.apiUrl + path);
		if (request.getUsername() != null) {
			copy.setAuth(request.getUsername(), request.getPassword());
		}
		else if (request.getAuthStrategy() != null) {
			copy.setAuth(request.getAuthStrategy());
		}
		copy.setContentType(request.getContentType());
		if (request.getBody() != null) {
			copy.setBody(request.getBody());
		}
		copy.setUserAgentExtensions(request.getUserAgentExtensions());
		copy(request.getQueryParams(), copy::addQueryParam);
		copy(request.getPostParams(), copy::addPostParam);
		copy(request.getHeaderParams(), copy::addHeaderParam);
		return copy;
	}

	private static void copy(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
		from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
	}

}
