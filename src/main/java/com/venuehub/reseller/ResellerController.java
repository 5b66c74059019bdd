package com.venuehub.reseller;

import java.net.URI;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.venuehub.ingest.Identifiers;
import com.venuehub.ingest.IngestProperties;
import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resellers, their allocations and thresholds, for operators; and {@code GET
 * …/{id}/stock}, which a reseller also calls with its own key.
 */
@RestController
@RequestMapping("/api/v1/resellers")
@Tag(name = "resellers", description = "Resellers, allocations, remaining stock and stock alerts")
public class ResellerController {

	private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{1,39}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Stock stock;

	private final ResellerProperties properties;

	private final Identifiers identifiers;

	/** The longest product code a sale can carry: a longer one would match no sale. */
	private final int maxProductCode;

	public ResellerController(JdbcTemplate jdbc, TransactionTemplate transaction, Stock stock,
			ResellerProperties properties, Identifiers identifiers, IngestProperties ingest) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.stock = stock;
		this.properties = properties;
		this.identifiers = identifiers;
		this.maxProductCode = ingest.limits().maxValueLength();
	}

	/** A new reseller. {@code code} is the {@code reseller_id} its sales carry. */
	public record NewReseller(String code, String name, String email, String phone, String locale, String webhookUrl,
			String webhookSecret, Boolean dailyDigest) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ResellerView(long id, String code, String name, String email, String phone, String locale,
			String webhookUrl, boolean dailyDigest, String apiKey, List<AllocationView> allocations) {
	}

	/**
	 * A new allocation; thresholds default to {@code hub.resellers.default-thresholds}.
	 */
	public record NewAllocation(String productCode, LocalDate eventDate, Integer quantity, List<String> thresholds) {
	}

	public record QuantityChange(Integer quantity) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record AllocationView(long id, String productCode, LocalDate eventDate, int quantity, int sold,
			int remaining, int oversold, List<ThresholdView> thresholds) {
	}

	/**
	 * A threshold, its level in tickets left for the current quantity, and whether it can
	 * still fire.
	 */
	public record ThresholdView(String threshold, int level, boolean armed) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record AlertView(long id, long allocationId, String productCode, String kind, String threshold, int quantity,
			int remaining, Instant createdAt, String emailStatus, String webhookStatus, Integer webhookAttempts,
			String webhookLastError, Instant webhookSentAt) {
	}

	@Operation(summary = "Creates a reseller; the answer holds its API key, shown this once")
	@PostMapping
	public ResponseEntity<ResellerView> create(@RequestBody NewReseller body) {
		if (body.code() == null || !CODE.matcher(body.code()).matches()) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"code is missing or not 2 to 40 letters, digits, '.', '_' or '-': it is the reseller_id of its sales");
		}
		if (body.name() == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "name is missing");
		}
		checkName(body.name());
		if (body.email() == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "email is missing or not an email address");
		}
		checkEmail(body.email());
		if (body.webhookUrl() != null) {
			checkWebhook(body.webhookUrl(), body.webhookSecret());
		}
		String key = ResellerKeys.newKey();
		long id;
		try {
			id = this.jdbc.queryForObject("""
					insert into reseller (code, name, email, phone, locale, webhook_url, webhook_secret, daily_digest,
					                      key_hash)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, body.code(), body.name().strip(),
					body.email().strip().toLowerCase(), body.phone(), body.locale(), body.webhookUrl(),
					body.webhookSecret(), Boolean.TRUE.equals(body.dailyDigest()), ResellerKeys.hash(key));
		}
		catch (DuplicateKeyException ex) {
			throw new ApiException(HttpStatus.CONFLICT, "a reseller with code " + body.code() + " exists");
		}
		ResellerView created = reseller(id);
		return ResponseEntity.created(URI.create("/api/v1/resellers/" + id))
			.body(new ResellerView(id, created.code(), created.name(), created.email(), created.phone(),
					created.locale(), created.webhookUrl(), created.dailyDigest(), key, created.allocations()));
	}

	@Operation(summary = "Lists resellers")
	@GetMapping
	public List<ResellerView> list() {
		return this.jdbc.query(
				"select id, code, name, email, phone, locale, webhook_url, daily_digest from reseller order by id",
				(rs, n) -> new ResellerView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), null, null));
	}

	@Operation(summary = "A reseller and its allocations")
	@GetMapping("/{id}")
	public ResellerView get(@PathVariable long id) {
		return reseller(id);
	}

	/**
	 * What changes; a member left out stays as it is. An empty {@code phone} removes the
	 * phone, an empty {@code webhookUrl} the webhook (and its secret).
	 */
	public record ResellerChange(String name, String email, String phone, String locale, String webhookUrl,
			String webhookSecret, Boolean dailyDigest) {

		boolean empty() {
			return this.name == null && this.email == null && this.phone == null && this.locale == null
					&& this.webhookUrl == null && this.webhookSecret == null && this.dailyDigest == null;
		}

	}

	@Operation(summary = "Changes the reseller's name, contact email or phone, webhook URL or secret, daily digest; "
			+ "pending webhook deliveries follow the new URL and are signed with the new secret")
	@PatchMapping("/{id}")
	public ResellerView change(@PathVariable long id, @RequestBody ResellerChange body) {
		if (body == null || body.empty()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "nothing to change: send one or more of name, email, "
					+ "phone, locale, webhookUrl, webhookSecret, dailyDigest");
		}
		this.transaction.executeWithoutResult(status -> {
			List<String[]> current = this.jdbc.query(
					"select name, email, phone, locale, webhook_url, webhook_secret from reseller where id = ? "
							+ "for update",
					(rs, n) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5), rs.getString(6) },
					id);
			if (current.isEmpty()) {
				throw notFound(id);
			}
			String[] was = current.get(0);
			String name = body.name() == null ? was[0] : checkName(body.name());
			String email = body.email() == null ? was[1] : checkEmail(body.email());
			String phone = body.phone() == null ? was[2] : blankToNull(body.phone());
			String locale = body.locale() == null ? was[3] : blankToNull(body.locale());
			String webhookUrl = body.webhookUrl() == null ? was[4] : blankToNull(body.webhookUrl());
			String webhookSecret = body.webhookSecret() == null ? was[5] : body.webhookSecret();
			if (webhookUrl == null) {
				if (body.webhookSecret() != null) {
					throw new ApiException(HttpStatus.BAD_REQUEST,
							"webhookSecret without a webhookUrl: the reseller has no webhook to sign for");
				}
				// no webhook, no secret kept for it
				webhookSecret = null;
			}
			else {
				checkWebhook(webhookUrl, webhookSecret);
			}
			this.jdbc.update("""
					update reseller set name = ?, email = ?, phone = ?, locale = ?, webhook_url = ?, webhook_secret = ?,
					    daily_digest = coalesce(?, daily_digest)
					where id = ?""", name, email, phone, locale, webhookUrl, webhookSecret, body.dailyDigest(), id);
			if (webhookUrl == null) {
				// never sent unsigned, nor to an address the reseller gave up
				this.jdbc.update("""
						update reseller_webhook w set status = 'FAILED', last_error = 'webhook removed by an operator',
						    updated_at = now()
						from reseller_alert a where a.id = w.alert_id and a.reseller_id = ? and w.status = 'PENDING'""",
						id);
			}
			else if (!webhookUrl.equals(was[4])) {
				this.jdbc.update("""
						update reseller_webhook w set url = ?, updated_at = now()
						from reseller_alert a where a.id = w.alert_id and a.reseller_id = ? and w.status = 'PENDING'""",
						webhookUrl, id);
			}
		});
		return reseller(id);
	}

	@Operation(summary = "Replaces the reseller's API key; the answer holds the new key, shown this once")
	@PostMapping("/{id}/key")
	public Map<String, String> newKey(@PathVariable long id) {
		String key = ResellerKeys.newKey();
		if (this.jdbc.update("update reseller set key_hash = ? where id = ?", ResellerKeys.hash(key), id) == 0) {
			throw notFound(id);
		}
		return Map.of("apiKey", key);
	}

	@Operation(summary = "The reseller's allocations and remaining stock (operator key or the reseller's own key)")
	@GetMapping("/{id}/stock")
	public List<AllocationView> stock(@PathVariable long id) {
		return reseller(id).allocations();
	}

	@Operation(summary = "Gives the reseller an allocation of a product (and event date)")
	@PostMapping("/{id}/allocations")
	public ResponseEntity<AllocationView> allocate(@PathVariable long id, @RequestBody NewAllocation body) {
		reseller(id);
		if (body.productCode() == null || body.productCode().isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "productCode is missing");
		}
		if (body.productCode().strip().length() > this.maxProductCode) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"productCode is " + body.productCode().strip().length() + " characters long: at most "
							+ this.maxProductCode + " characters, the longest product code a sale can carry "
							+ "(hub.ingest.limits.max-value-length)");
		}
		if (body.quantity() == null || body.quantity() < 0) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "quantity is missing or negative");
		}
		List<Threshold> thresholds = new ArrayList<>();
		for (String text : body.thresholds() == null ? this.properties.defaultThresholds() : body.thresholds()) {
			try {
				Threshold threshold = Threshold.parse(text);
				if (thresholds.stream().anyMatch(t -> t.label().equals(threshold.label()))) {
					throw new ApiException(HttpStatus.BAD_REQUEST, "threshold " + text + " is given twice");
				}
				thresholds.add(threshold);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiException(HttpStatus.BAD_REQUEST, ex.getMessage());
			}
		}
		Date eventDate = body.eventDate() == null ? null : Date.valueOf(body.eventDate());
		Long allocationId = this.transaction.execute(status -> {
			long created;
			try {
				created = this.jdbc.queryForObject("""
						insert into reseller_allocation (reseller_id, product_code, event_date, quantity)
						values (?, ?, ?, ?) returning id""", Long.class, id, body.productCode().strip(),
						body.eventDate() == null ? null : Date.valueOf(body.eventDate()), body.quantity());
			}
			catch (DuplicateKeyException ex) {
				throw new ApiException(HttpStatus.CONFLICT,
						"the reseller already has an allocation of " + body.productCode()
								+ (body.eventDate() == null ? "" : " on " + body.eventDate())
								+ ": change its quantity instead");
			}
			for (Threshold threshold : thresholds) {
				this.jdbc.update("""
						insert into reseller_threshold (allocation_id, label, percent, absolute) values (?, ?, ?, ?)""",
						created, threshold.label(), threshold.percent(), threshold.absolute());
			}
			// sales reported before the allocation existed count against it now, and may
			// alert at once
			int earlier = this.jdbc.update("""
					update reseller_sale set allocation_id = ? where reseller_id = ? and allocation_id is null
					and product_code = ? and (?::date is null or event_date = ?::date)""", created, id,
					body.productCode().strip(), eventDate, eventDate);
			if (earlier > 0) {
				int sold = this.jdbc.queryForObject(
						"select count(*) from reseller_sale where allocation_id = ? and cancelled_at is null",
						Integer.class, created);
				this.stock.apply(Map.of(created, List.of(sold)));
			}
			return created;
		});
		return ResponseEntity.created(URI.create("/api/v1/resellers/" + id + "/allocations/" + allocationId))
			.body(allocation(id, allocationId));
	}

	@Operation(summary = "Raises or lowers an allocation: thresholds now above the remaining stock re-arm")
	@PatchMapping("/{id}/allocations/{allocationId}")
	public AllocationView change(@PathVariable long id, @PathVariable long allocationId,
			@RequestBody QuantityChange body) {
		if (body.quantity() == null || body.quantity() < 0) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "quantity is missing or negative");
		}
		Boolean changed = this.transaction
			.execute(status -> this.stock.changeQuantity(id, allocationId, body.quantity()));
		if (!Boolean.TRUE.equals(changed)) {
			throw new ApiException(HttpStatus.NOT_FOUND, "reseller " + id + " has no allocation " + allocationId);
		}
		return allocation(id, allocationId);
	}

	@Operation(summary = "The reseller's stock alerts, newest first, with the state of their email and webhook")
	@GetMapping("/{id}/alerts")
	public List<AlertView> alerts(@PathVariable long id) {
		reseller(id);
		return this.jdbc.query(
				"""
						select a.id, a.allocation_id, l.product_code, a.kind, a.threshold, a.quantity, a.remaining, a.created_at,
						       m.status, w.status, w.attempts, w.last_error, w.sent_at
						from reseller_alert a join reseller_allocation l on l.id = a.allocation_id
						left join outbox_message m on m.dedup_key = 'stock-alert:' || a.dedup_key
						left join reseller_webhook w on w.alert_id = a.id
						where a.reseller_id = ? order by a.id desc limit 500""",
				(rs, n) -> new AlertView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getInt(6), rs.getInt(7), instant(rs, 8), rs.getString(9), rs.getString(10),
						(Integer) rs.getObject(11), rs.getString(12), instant(rs, 13)),
				id);
	}

	private ResellerView reseller(long id) {
		List<ResellerView> found = this.jdbc.query(
				"select id, code, name, email, phone, locale, webhook_url, daily_digest from reseller where id = ?",
				(rs, n) -> new ResellerView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), null,
						allocations(id, null)),
				id);
		if (found.isEmpty()) {
			throw notFound(id);
		}
		return found.get(0);
	}

	private AllocationView allocation(long resellerId, long allocationId) {
		return allocations(resellerId, allocationId).get(0);
	}

	private List<AllocationView> allocations(long resellerId, Long allocationId) {
		Map<Long, List<ThresholdView>> thresholds = new HashMap<>();
		List<Object[]> rows = new ArrayList<>();
		this.jdbc.query("""
				select a.id, a.product_code, a.event_date, a.quantity, a.sold, a.oversold,
				       t.label, t.percent, t.absolute, t.armed
				from reseller_allocation a left join reseller_threshold t on t.allocation_id = a.id
				where a.reseller_id = ? and (?::bigint is null or a.id = ?)
				order by a.product_code, a.event_date nulls first, a.id, t.percent desc nulls last, t.absolute desc""",
				rs -> {
					long id = rs.getLong(1);
					List<ThresholdView> own = thresholds.computeIfAbsent(id, k -> {
						try {
							rows.add(new Object[] { id, rs.getString(2),
									rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(), rs.getInt(4),
									rs.getInt(5), rs.getInt(6) });
						}
						catch (SQLException ex) {
							throw new IllegalStateException(ex);
						}
						return new ArrayList<>();
					});
					if (rs.getString(7) != null) {
						Threshold threshold = new Threshold(rs.getString(7), rs.getBigDecimal(8),
								(Integer) rs.getObject(9));
						own.add(new ThresholdView(threshold.label(), threshold.level(rs.getInt(4)), rs.getBoolean(10)));
					}
				}, resellerId, allocationId, allocationId);
		return rows.stream()
			.map(r -> new AllocationView((Long) r[0], (String) r[1], (LocalDate) r[2], (Integer) r[3], (Integer) r[4],
					(Integer) r[3] - (Integer) r[4], (Integer) r[5], thresholds.get((Long) r[0])))
			.toList();
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		return rs.getTimestamp(column) == null ? null : rs.getTimestamp(column).toInstant();
	}

	private static String checkName(String name) {
		if (name.isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "name is missing");
		}
		return name.strip();
	}

	private String checkEmail(String email) {
		if (!EMAIL.matcher(email.strip()).matches()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "email is missing or not an email address");
		}
		String folded = email.strip().toLowerCase(Locale.ROOT);
		String provider = this.identifiers.mistypedProvider(folded);
		if (provider != null) {
			// its stock alerts and digests would never reach it
			throw new ApiException(HttpStatus.BAD_REQUEST, "email is " + Identifiers.mistyped(folded, provider)
					+ ": write the provider as it is (or list it in hub.identity.email-providers)");
		}
		return folded;
	}

	private void checkWebhook(String webhookUrl, String webhookSecret) {
		URI url;
		try {
			url = URI.create(webhookUrl);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "webhookUrl is not a URL");
		}
		if ((!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) || url.getHost() == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "webhookUrl must be an http or https URL");
		}
		try {
			this.properties.webhook().targets().check(url);
		}
		catch (WebhookTargets.Refused ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "webhookUrl refused: " + ex.getMessage());
		}
		catch (java.net.UnknownHostException ex) {
			// not known now: checked again before each delivery
		}
		if (webhookSecret == null || webhookSecret.length() < 16) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"webhookSecret of at least 16 characters is needed with a webhookUrl: it signs every delivery");
		}
	}

	private static String blankToNull(String value) {
		return value.isBlank() ? null : value.strip();
	}

	private static ApiException notFound(long id) {
		return new ApiException(HttpStatus.NOT_FOUND, "no reseller " + id);
	}

}
