package com.venuehub.reseller;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Webhook targets: addresses of the hub's own networks are refused unless allowed; public
 * ones are not. Literal addresses only: nothing here resolves a name.
 */
class WebhookTargetsTest {

	private final WebhookTargets none = new WebhookTargets(List.of());

	private final WebhookTargets loopback = new WebhookTargets(List.of("127.0.0.0/8", "::1"));

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/hook", "http://127.1.2.3:8080/", "http://[::1]/", "http://10.0.0.1/",
			"http://172.16.5.4/", "http://172.31.255.255/", "http://192.168.1.10/", "http://169.254.169.254/latest",
			"http://[fe80::1]/", "http://[fd12:3456::1]/", "http://0.0.0.0/", "http://[::]/", "http://100.64.0.1/",
			"http://224.0.0.1/", "http://[::ffff:10.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://240.0.0.1/" })
	void anAddressOfAnOwnNetworkIsRefused(String url) {
		assertThatThrownBy(() -> this.none.check(URI.create(url))).isInstanceOf(WebhookTargets.Refused.class)
			.hasMessageContaining("public addresses only");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://93.184.216.34/hook", "http://8.8.8.8/", "https://[2606:4700:4700::1111]/x",
			"http://172.32.0.1/", "http://100.128.0.1/" })
	void aPublicAddressIsAccepted(String url) {
		assertThatCode(() -> this.none.check(URI.create(url))).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8089/hook", "http://[::1]/" })
	void anAllowedBlockIsAccepted(String url) {
		assertThatCode(() -> this.loopback.check(URI.create(url))).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.1/", "http://169.254.169.254/" })
	void anAllowListOfLoopbackAllowsNothingElse(String url) {
		assertThatThrownBy(() -> this.loopback.check(URI.create(url))).isInstanceOf(WebhookTargets.Refused.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0/x", "10.0.0.0/33", "::1/129" })
	void aWrongAllowListEntryStopsTheHub(String entry) {
		assertThatThrownBy(() -> new WebhookTargets(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("allowed-private-targets");
	}

}
