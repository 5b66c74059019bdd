package com.venuehub.reseller;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reseller webhook signature is the Standard Webhooks one: the specification's own
 * example verifies, and a receiver refuses an old timestamp, another body or another id.
 */
class WebhookSignatureTest {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long TIMESTAMP = 1614265330;

	private static final String BODY = "{\"test\": 2432232314}";

	@Test
	void theStandardWebhooksExampleSignsTheSame() {
		assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void aReceiverRefusesAnOldTimestampAnotherBodyOrAnotherId() {
		Instant sent = Instant.ofEpochSecond(TIMESTAMP);
		String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
		Duration tolerance = Duration.ofMinutes(5);
		assertThat(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, signature, sent.plusSeconds(299), tolerance))
			.isTrue();
		// a captured request replayed ten minutes later
		assertThat(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, signature, sent.plusSeconds(600), tolerance))
			.isFalse();
		// the timestamp changed to look fresh: the signature no longer matches
		assertThat(WebhookSignature.verify(SECRET, ID, "1614265900", BODY, signature, sent.plusSeconds(600), tolerance))
			.isFalse();
		assertThat(
				WebhookSignature.verify(SECRET, ID, "1614265330", BODY.replace("2", "3"), signature, sent, tolerance))
			.isFalse();
		assertThat(WebhookSignature.verify(SECRET, "msg_other", "1614265330", BODY, signature, sent, tolerance))
			.isFalse();
		// several signatures in the header (a secret being rotated): one right is enough
		assertThat(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, "v1,bm90LWl0 " + signature, sent, tolerance))
			.isTrue();
	}

	@Test
	void aSecretWithoutThePrefixIsUsedAsItIsWritten() {
		String plain = WebhookSignature.sign("a-long-shared-secret", "rsw_1", TIMESTAMP, BODY);
		String encoded = WebhookSignature.sign(
				"whsec_" + java.util.Base64.getEncoder()
					.encodeToString("a-long-shared-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
				"rsw_1", TIMESTAMP, BODY);
		assertThat(plain).isEqualTo(encoded).startsWith("v1,");
	}

}
