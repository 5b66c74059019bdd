package com.venuehub.reseller;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Where a reseller webhook may be sent: a public address. A URL whose host resolves to a
 * loopback, private, link-local (cloud metadata services), shared, unique-local,
 * multicast or unspecified address is refused, so that a webhook URL cannot make the hub
 * call its own network; unless the host or the address is in the allow-list (the default
 * run and the tests allow loopback, for a local mock). Checked when a URL is set, and at
 * each delivery on every address the host resolves to: {@link #pinned()} is the resolver
 * of the HTTP client, so the addresses checked are the very ones it connects to, and a
 * name that resolves elsewhere a moment later (DNS rebinding) changes nothing.
 */
public final class WebhookTargets {

	private final List<String> hosts = new ArrayList<>();

	private final List<Cidr> networks = new ArrayList<>();

	private final DnsResolver names;

	/**
	 * @param allowed host names, addresses or CIDR blocks ({@code 127.0.0.0/8},
	 * {@code ::1}, {@code localhost}) allowed though not public
	 */
	public WebhookTargets(List<String> allowed) {
		this(allowed, SystemDefaultDnsResolver.INSTANCE);
	}

	/**
	 * @param allowed as above
	 * @param names what resolves host names (the system's resolver)
	 */
	WebhookTargets(List<String> allowed, DnsResolver names) {
		this.names = names;
		for (String entry : allowed == null ? List.<String>of() : allowed) {
			String value = entry.strip();
			if (value.isEmpty()) {
				continue;
			}
			if (value.contains("/") || value.contains(":") || Character.isDigit(value.charAt(0))) {
				this.networks.add(Cidr.parse(value));
			}
			else {
				this.hosts.add(value.toLowerCase(Locale.ROOT));
			}
		}
	}

	/** A URL refused, and why. */
	public static final class Refused extends Exception {

		Refused(String reason) {
			super(reason);
		}

	}

	/** A target refused when the HTTP client resolved it to connect. */
	static final class RefusedAddress extends UnknownHostException {

		RefusedAddress(Refused refused) {
			super(refused.getMessage());
		}

	}

	/**
	 * Resolves the URL's host and checks each address.
	 * @throws Refused when one is not public and not allowed
	 * @throws UnknownHostException when the host does not resolve (now)
	 */
	public void check(URI url) throws Refused, UnknownHostException {
		String host = url.getHost();
		if (host == null) {
			throw new Refused("the URL has no host");
		}
		resolve(host);
	}

	/**
	 * Resolves a host once and answers its addresses, each checked.
	 * @throws Refused when one is not public and not allowed
	 * @throws UnknownHostException when the host does not resolve (now)
	 */
	InetAddress[] resolve(String host) throws Refused, UnknownHostException {
		String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		InetAddress[] addresses = this.names.resolve(bare);
		if (this.hosts.contains(bare.toLowerCase(Locale.ROOT))) {
			return addresses;
		}
		for (InetAddress address : addresses) {
			String kind = nonPublic(address);
			if (kind != null && this.networks.stream().noneMatch(cidr -> cidr.contains(address))) {
				throw new Refused("host " + host + " resolves to " + address.getHostAddress() + ", a " + kind
						+ " address: webhooks go to public addresses only (hub.resellers.webhook.allowed-private-targets)");
			}
		}
		return addresses;
	}

	/**
	 * The HTTP client's resolver: the addresses it connects to are those checked, in the
	 * same look-up; a refused one fails the connection with a {@link RefusedAddress}.
	 */
	DnsResolver pinned() {
		return new DnsResolver() {

			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				try {
					return WebhookTargets.this.resolve(host);
				}
				catch (Refused ex) {
					throw new RefusedAddress(ex);
				}
			}

			@Override
			public String resolveCanonicalHostname(String host) throws UnknownHostException {
				return WebhookTargets.this.names.resolveCanonicalHostname(host);
			}

		};
	}

	/** What makes an address not public, or null when it is. */
	static String nonPublic(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 16 && isMappedIpv4(bytes)) {
			byte[] v4 = new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
			try {
				return nonPublic(InetAddress.getByAddress(v4));
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		if (address.isLoopbackAddress()) {
			return "loopback";
		}
		if (address.isAnyLocalAddress()) {
			return "unspecified";
		}
		if (address.isLinkLocalAddress()) {
			return "link-local";
		}
		if (address.isSiteLocalAddress()) {
			return "private";
		}
		if (address.isMulticastAddress()) {
			return "multicast";
		}
		int first = bytes[0] & 0xFF;
		int second = bytes[1] & 0xFF;
		if (bytes.length == 4) {
			if (first == 0) {
				return "unspecified";
			}
			if (first == 100 && second >= 64 && second <= 127) {
				return "shared (carrier-grade NAT)";
			}
			if (first == 198 && (second == 18 || second == 19)) {
				return "benchmarking";
			}
			if (first >= 240) {
				return "reserved";
			}
		}
		else if ((first & 0xFE) == 0xFC) {
			return "unique-local";
		}
		return null;
	}

	private static boolean isMappedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return (bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF;
	}

	/** An address block. */
	record Cidr(byte[] network, int prefix) {

		static Cidr parse(String text) {
			String[] parts = text.split("/", 2);
			try {
				byte[] network = InetAddress.getByName(parts[0]).getAddress();
				int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
				if (prefix < 0 || prefix > network.length * 8) {
					throw new IllegalArgumentException("prefix out of range");
				}
				return new Cidr(network, prefix);
			}
			catch (UnknownHostException | IllegalArgumentException ex) {
				throw new IllegalArgumentException("hub.resellers.webhook.allowed-private-targets: '" + text
						+ "' is not a host name, an address or an address block such as 10.0.0.0/8");
			}
		}

		boolean contains(InetAddress address) {
			byte[] bytes = address.getAddress();
			if (bytes.length != this.network.length) {
				return false;
			}
			BigInteger mask = BigInteger.ONE.shiftLeft(bytes.length * 8)
				.subtract(BigInteger.ONE)
				.shiftRight(this.prefix)
				.not();
			return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, this.network).and(mask));
		}

	}

}
