package com.venuehub.platform;

import org.springframework.security.core.Authentication;

/**
 * A capability's own API keys (e.g. each reseller's), tried after the configured keys.
 */
public interface ApiKeyAuthenticator {

	/** The authentication of this key, or null when the key is not one of these. */
	Authentication authenticate(String key);

}
