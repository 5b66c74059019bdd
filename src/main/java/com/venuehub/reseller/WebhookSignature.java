package com.venuehub.reseller;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a reseller webhook, as Standard Webhooks (standardwebhooks.com) define
 * it: {@code webhook-id} (the same on every retry of one delivery),
 * {@code webhook-timestamp} (Unix seconds of the attempt) and
 * {@code webhook-signature: v1,<base64 of HMAC-SHA256 over "<id>.<timestamp>.<body>">}.
 * The key is the reseller's secret: its UTF-8 bytes, or the bytes a {@code whsec_} secret
 * encodes in base64 (what Standard Webhooks libraries generate), so that a reseller can
 * verify with such a library. The timestamp is signed: a receiver refuses a request older
 * than a few minutes, and a captured request cannot be replayed later.
 */
public final class WebhookSignature {

	public static final String ID = "webhook-id";

	public static final String TIMESTAMP = "webhook-timestamp";

	public static final String SIGNATURE = "webhook-signature";

	private static final String PREFIX = "whsec_";

	private WebhookSignature() {
	}

	/** The {@code webhook-signature} value of one attempt. */
	public static String sign(String secret, String id, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
			byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/**
	 * What a receiver does: the timestamp within {@code tolerance} of its clock, and one
	 * of the space-separated signatures of the header right, compared in constant time.
	 */
	public static boolean verify(String secret, String id, String timestamp, String body, String header, Instant now,
			Duration tolerance) {
		if (id == null || timestamp == null || body == null || header == null) {
			return false;
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.strip());
		}
		catch (NumberFormatException ex) {
			return false;
		}
		if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
			return false;
		}
		byte[] expected = sign(secret, id, seconds, body).getBytes(StandardCharsets.UTF_8);
		for (String signature : header.strip().split(" ")) {
			if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
				return true;
			}
		}
		return false;
	}

	private static byte[] key(String secret) {
		if (secret.startsWith(PREFIX)) {
			try {
				return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
			}
			catch (IllegalArgumentException ex) {
				// not base64 after all: the text itself is the key
			}
		}
		return secret.getBytes(StandardCharsets.UTF_8);
	}

}
