package com.venuehub.reseller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.venuehub.platform.ApiKeyAuthenticator;
import com.venuehub.platform.ResellerPrincipal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Each reseller's own API key: made at random, shown once, kept only as its SHA-256. A
 * reseller's key authenticates as {@code RESELLER_<id>}, good for reading that reseller's
 * stock and for posting its own sales reports to {@code POST /api/v1/ingest/reseller}
 * (rows naming another reseller are refused there), nothing else.
 */
@Component
public class ResellerKeys implements ApiKeyAuthenticator {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	public ResellerKeys(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A new key; store its {@link #hash(String)}, hand the key to the reseller. */
	public static String newKey() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "rsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String hash(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public Authentication authenticate(String key) {
		if (!key.startsWith("rsk_")) {
			return null;
		}
		List<ResellerPrincipal> resellers = this.jdbc.query("select id, code from reseller where key_hash = ?",
				(row, n) -> new ResellerPrincipal(row.getLong("id"), row.getString("code")), hash(key));
		if (resellers.isEmpty()) {
			return null;
		}
		ResellerPrincipal reseller = resellers.get(0);
		return UsernamePasswordAuthenticationToken.authenticated(reseller, null,
				List.of(new SimpleGrantedAuthority("RESELLER_" + reseller.id()),
						new SimpleGrantedAuthority("INGEST_" + ResellerPrincipal.INGEST_SOURCE)));
	}

}
