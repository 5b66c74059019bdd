package com.venuehub.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.venuehub.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox as operators read it: what was decided, sent, suppressed or skipped, and
 * why.
 */
@RestController
@RequestMapping("/api/v1/messages")
@Tag(name = "messages", description = "The outbox: every message decided and what became of it")
public class MessageController {

	private static final Set<String> CHANNELS = Set.of("EMAIL", "SMS");

	private static final Set<String> KINDS = Set.of("CONFIRMATION", "REMINDER", "STOCK_ALERT", "STOCK_DIGEST", "PROMO");

	private static final Set<String> STATUSES = Set.of("PENDING", "SENDING", "SENT", "UNCERTAIN", "FAILED",
			"SUPPRESSED", "SKIPPED");

	private static final String COLUMNS = """
			id, dedup_key, channel, kind, customer_id, recipient, venue, sale_source, sale_ref, valid_until,
			offset_days, status, reason, due_at, next_attempt_at, attempts, last_error, transport,
			provider_message_id, created_at, sent_at, campaign_id, voucher_code, delivery_status, delivery_error,
			segments, contents_removed_at""";

	private final JdbcTemplate jdbc;

	public MessageController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Operation(summary = "Outbox messages, newest first, filtered by customer, channel, kind and status")
	@GetMapping
	public MessagePage list(@RequestParam(required = false) Long customerId,
			@RequestParam(required = false) String channel, @RequestParam(required = false) String kind,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		ApiException.checkPage(page, size);
		List<Object> args = new ArrayList<>();
		StringBuilder where = new StringBuilder("true");
		if (customerId != null) {
			// a merged customer's messages are its survivor's too
			where.append(" and customer_id in (select id from customer where id = ? or merged_into = ?)");
			args.add(customerId);
			args.add(customerId);
		}
		filter(where, args, "channel", channel, CHANNELS);
		filter(where, args, "kind", kind, KINDS);
		filter(where, args, "status", status, STATUSES);
		Long total = this.jdbc.queryForObject("select count(*) from outbox_message where " + where, Long.class,
				args.toArray());
		args.add(size);
		args.add((long) page * size);
		List<Message> items = this.jdbc.query("select " + COLUMNS
				+ ", null as subject, null as body_text, null as body_html from outbox_message where " + where
				+ " order by id desc limit ? offset ?", this::message, args.toArray());
		return new MessagePage(items, page, size, total == null ? 0 : total);
	}

	@Operation(summary = "One message with its rendered subject, text and HTML (what the sandbox kept)")
	@GetMapping("/{id}")
	public Message get(@PathVariable long id) {
		return this.jdbc
			.query("select " + COLUMNS + ", subject, body_text, body_html from outbox_message where id = ?",
					this::message, id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no message " + id + " in the outbox"));
	}

	private static void filter(StringBuilder where, List<Object> args, String column, String value,
			Set<String> allowed) {
		if (value == null || value.isBlank()) {
			return;
		}
		String normalized = value.strip().toUpperCase(Locale.ROOT);
		if (!allowed.contains(normalized)) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					column + " '" + value + "' is not one of " + allowed.stream().sorted().toList());
		}
		where.append(" and ").append(column).append(" = ?");
		args.add(normalized);
	}

	private Message message(ResultSet rs, int n) throws SQLException {
		return new Message(rs.getLong("id"), rs.getString("dedup_key"), rs.getString("channel"), rs.getString("kind"),
				(Long) rs.getObject("customer_id"), rs.getString("recipient"), rs.getString("venue"),
				rs.getString("sale_source"), rs.getString("sale_ref"),
				rs.getDate("valid_until") == null ? null : rs.getDate("valid_until").toLocalDate(),
				(Integer) rs.getObject("offset_days"), rs.getString("status"), rs.getString("reason"),
				instant(rs, "due_at"), instant(rs, "next_attempt_at"), rs.getInt("attempts"),
				rs.getString("last_error"), rs.getString("transport"), rs.getString("provider_message_id"),
				instant(rs, "created_at"), instant(rs, "sent_at"), rs.getString("subject"), rs.getString("body_text"),
				rs.getString("body_html"), (Long) rs.getObject("campaign_id"), rs.getString("voucher_code"),
				rs.getString("delivery_status"), rs.getString("delivery_error"), (Integer) rs.getObject("segments"),
				instant(rs, "contents_removed_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		java.sql.Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	public record MessagePage(List<Message> items, int page, int size, long total) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Message(long id, String dedupKey, String channel, String kind, Long customerId, String recipient,
			String venue, String saleSource, String saleRef, LocalDate validUntil, Integer offsetDays, String status,
			String reason, Instant dueAt, Instant nextAttemptAt, int attempts, String lastError, String transport,
			String providerMessageId, Instant createdAt, Instant sentAt, String subject, String bodyText,
			String bodyHtml, Long campaignId, String voucherCode, String deliveryStatus, String deliveryError,
			Integer segments, Instant contentsRemovedAt) {
	}

}
