package com.venuehub.reseller;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a reseller webhook: HMAC-SHA256 of the exact body bytes with the
 * reseller's secret, sent as {@code X-Hub-Signature-256: sha256=<hex>}.
 */
public final class WebhookSignature {

	public static final String HEADER = "X-Hub-Signature-256";

	private WebhookSignature() {
	}

	public static String sign(String secret, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
