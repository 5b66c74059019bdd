package com.venuehub.reseller;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.venuehub.TestWebhookServer;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook dispatcher connects to the very addresses its target check approved, from
 * one look-up of the name: a name that answers a permitted address to the check and an
 * internal one a moment later (DNS rebinding) never reaches the internal one, and a name
 * that resolves to loopback under production rules is refused on that address. The Host
 * header still names the host. A name server of the test stands in for DNS; the endpoint
 * is the test JVM's webhook mock (WireMock on 127.0.0.1).
 */
class WebhookDnsPinningTest {

	private static final String HOST = "hooks.reseller.test";

	@Test
	void aNameResolvingToLoopbackIsRefusedOnTheAddressConnectedTo() throws Exception {
		String path = "/pinned/loopback";
		NameServer names = new NameServer(InetAddress.getByName("127.0.0.1"));
		// production rules: nothing private allowed
		WebhookDispatcher.TestAnswer answer = dispatcher(List.of(), names).test(url(path), "secret", "{}");
		assertThat(answer.error()).startsWith("refused: host " + HOST + " resolves to 127.0.0.1, a loopback address");
		assertThat(received(path)).isEmpty();
		assertThat(names.lookups()).isEqualTo(1);
	}

	@Test
	void theConnectionGoesToTheAddressCheckedAndTheHostHeaderNamesTheHost() throws Exception {
		String path = "/pinned/checked";
		TestWebhookServer.server().stubFor(WireMock.post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
		NameServer names = new NameServer(InetAddress.getByName("127.0.0.1"));
		WebhookDispatcher.TestAnswer answer = dispatcher(List.of("127.0.0.1"), names).test(url(path), "secret", "{}");
		assertThat(answer.status()).as(String.valueOf(answer.error())).isEqualTo(204);
		assertThat(received(path)).singleElement()
			.satisfies(request -> assertThat(request.getHeader("Host"))
				.isEqualTo(HOST + ":" + TestWebhookServer.server().port()));
		// the address connected to is the one checked: the name was looked up once
		assertThat(names.lookups()).isEqualTo(1);
	}

	@Test
	void aNameThatResolvesElsewhereAfterTheCheckIsNotFollowedThere() throws Exception {
		String path = "/pinned/rebinding";
		TestWebhookServer.server().stubFor(WireMock.post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
		// the check sees an address allowed (nothing listens there); a second look-up
		// would give the loopback address where the mock, an internal service, listens
		NameServer names = new NameServer(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
		WebhookDispatcher.TestAnswer answer = dispatcher(List.of("127.0.0.2"), names).test(url(path), "secret", "{}");
		assertThat(answer.status()).isNull();
		assertThat(answer.error()).contains("Connect");
		assertThat(received(path)).isEmpty();
		assertThat(names.lookups()).isEqualTo(1);
	}

	@Test
	void aPrivateAddressWrittenInTheUrlIsRefused() {
		WebhookDispatcher.TestAnswer answer = dispatcher(List.of(), new NameServer())
			.test("http://10.255.255.1:" + TestWebhookServer.server().port() + "/hook", "secret", "{}");
		assertThat(answer.error()).startsWith("refused: host 10.255.255.1 resolves to 10.255.255.1, a private address");
	}

	private static WebhookDispatcher dispatcher(List<String> allowed, DnsResolver names) {
		ResellerProperties.Webhook webhook = new ResellerProperties.Webhook(true, 1000, 20, Duration.ofSeconds(2), 3,
				Duration.ofSeconds(1), Duration.ofSeconds(1), allowed);
		return new WebhookDispatcher(null, Clock.systemUTC(), webhook, new WebhookTargets(allowed, names));
	}

	private static String url(String path) {
		return "http://" + HOST + ":" + TestWebhookServer.server().port() + path;
	}

	private static List<LoggedRequest> received(String path) {
		return TestWebhookServer.server().findAll(WireMock.anyRequestedFor(urlEqualTo(path)));
	}

	/**
	 * Answers {@value #HOST} with its addresses in turn (the last one from then on), and
	 * address literals as themselves; counts the look-ups of the name.
	 */
	private static final class NameServer implements DnsResolver {

		private final InetAddress[] answers;

		private final AtomicInteger lookups = new AtomicInteger();

		NameServer(InetAddress... answers) {
			this.answers = answers;
		}

		int lookups() {
			return this.lookups.get();
		}

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			if (!HOST.equals(host)) {
				if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
					return new InetAddress[] { InetAddress.getByName(host) };
				}
				throw new UnknownHostException(host);
			}
			int n = this.lookups.getAndIncrement();
			return new InetAddress[] { this.answers[Math.min(n, this.answers.length - 1)] };
		}

		@Override
		public String resolveCanonicalHostname(String host) {
			return host;
		}

	}

}
