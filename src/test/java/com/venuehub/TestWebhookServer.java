package com.venuehub;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The one HTTP mock (WireMock) of the test JVM standing in for resellers' webhook
 * endpoints.
 */
public final class TestWebhookServer {

	private static WireMockServer server;

	private TestWebhookServer() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
			server.start();
		}
		return server;
	}

	/** The URL of a path on the mock. */
	public static String url(String path) {
		return "http://127.0.0.1:" + server().port() + path;
	}

}
