package com.venuehub.sms;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import com.venuehub.email.EmailProperties;
import com.venuehub.platform.ApiException;
import com.venuehub.platform.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SMS campaigns: define, preview, launch (now or at a set time), cancel, and read what
 * they did. Launching computes the audience in one statement and writes one outbox row
 * per recipient with its voucher code; sending is the dispatcher's job.
 */
@Component
public class Campaigns {

	private static final Logger log = LoggerFactory.getLogger(Campaigns.class);

	static final String KIOSK_RESPONSE = "kiosk-response";

	/** Statuses of a message that count as a promo received (for the frequency cap). */
	static final String SENT_STATES = "('SENDING', 'SENT', 'UNCERTAIN')";

	/**
	 * The phone an SMS goes to: the customer's most recent number that can receive SMS
	 * and is not a flagged shared identifier.
	 */
	static final String PHONE = """
			join lateral (select i.value from customer_identifier i
			              where i.customer_id = c.id and i.kind = 'PHONE' and i.value like '+%'
			                and i.sms_refused_at is null
			                and not exists (select 1 from identifier_flag f where f.kind = 'PHONE' and f.value = i.value)
			              order by i.first_seen_at desc, i.id desc limit 1) p on true""";

	/**
	 * The current SMS marketing consent of every customer who ever stated one, by the
	 * precedence rules of {@code current_consent}.
	 */
	static final String SMS_CONSENT = """
			(select customer_id, granted from current_consent where channel = 'SMS' and purpose = 'MARKETING')""";

	private static final Set<String> STATES = Set.of("DRAFT", "SCHEDULED", "RUNNING", "DONE", "CANCELLED");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final ObjectMapper json;

	private final Clock clock;

	private final SmsProperties properties;

	private final String defaultLocale;

	private final CampaignResults results;

	private final Mustache.Compiler mustache = Mustache.compiler().defaultValue("").escapeHTML(false);

	private final Map<String, Template> compiled = new java.util.concurrent.ConcurrentHashMap<>();

	public Campaigns(JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper json, Clock clock,
			SmsProperties properties, EmailProperties email, CampaignResults results) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.results = results;
		this.json = json;
		this.clock = clock;
		this.properties = properties;
		this.defaultLocale = email.defaultLocale();
	}

	@Transactional
	public Campaign create(CampaignRequest request) {
		check(request);
		Long id = this.jdbc.queryForObject("""
				insert into campaign (name, venue, segment, template, send_at, trigger, state)
				values (?, ?, ?::jsonb, ?, ?, ?::jsonb, 'DRAFT') returning id""", Long.class, request.name().strip(),
				request.venue().strip(), write(segment(request)), request.template(), timestamp(request.sendAt()),
				request.trigger() == null ? null : write(request.trigger()));
		log.info("Campaign {} created for venue {}", id, request.venue());
		return get(id);
	}

	@Transactional
	public Campaign update(long id, CampaignRequest request) {
		check(request);
		Campaign campaign = get(id);
		if (!"DRAFT".equals(campaign.state())) {
			throw new ApiException(HttpStatus.CONFLICT,
					"campaign " + id + " is " + campaign.state() + ": only a draft can be changed");
		}
		this.jdbc.update("""
				update campaign set name = ?, venue = ?, segment = ?::jsonb, template = ?, send_at = ?,
				    trigger = ?::jsonb, updated_at = now() where id = ?""", request.name().strip(),
				request.venue().strip(), write(segment(request)), request.template(), timestamp(request.sendAt()),
				request.trigger() == null ? null : write(request.trigger()), id);
		return get(id);
	}

	public Campaign get(long id) {
		return this.jdbc.query("select * from campaign where id = ?", this::campaign, id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no campaign " + id));
	}

	public List<Campaign> list(String state) {
		return list(state, 500, 0);
	}

	/** Campaigns, newest first, optionally in one state: one page of them. */
	public List<Campaign> list(String state, int limit, long offset) {
		String normalized = state(state);
		return this.jdbc.query("""
				select * from campaign where ?::text is null or state = ? order by id desc limit ? offset ?""",
				this::campaign, normalized, normalized, limit, offset);
	}

	/** How many campaigns there are, optionally in one state. */
	public long count(String state) {
		String normalized = state(state);
		Long count = this.jdbc.queryForObject("select count(*) from campaign where ?::text is null or state = ?",
				Long.class, normalized, normalized);
		return count == null ? 0 : count;
	}

	private static String state(String state) {
		if (state == null || state.isBlank()) {
			return null;
		}
		String normalized = state.strip().toUpperCase(java.util.Locale.ROOT);
		if (!STATES.contains(normalized)) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"state '" + state + "' is not one of " + STATES.stream().sorted().toList());
		}
		return normalized;
	}

	/**
	 * Who the campaign would reach now, a sample of their messages, the segments each
	 * costs and an estimated price.
	 */
	public Preview preview(long id, int sampleSize) {
		Campaign campaign = get(id);
		campaign.segment().check();
		Segment.Where where = campaign.segment().where(this.clock.instant(), this.defaultLocale);
		// the audience is the numbers that will receive it: customers sharing a phone get
		// one SMS
		Map<String, Object> counts = this.jdbc.queryForMap(
				"select count(distinct p.value) filter (where s.granted) as audience,"
						+ " count(*) filter (where s.granted is not true) as excluded from customer c " + PHONE
						+ " left join " + SMS_CONSENT + " s on s.customer_id = c.id where " + where.sql(),
				where.args().toArray());
		List<Object> args = new ArrayList<>(where.args());
		args.add(Math.max(0, Math.min(sampleSize, 20)));
		List<Sample> samples = this.jdbc.query(
				"select c.id, c.first_name, p.value from customer c " + PHONE + " join " + SMS_CONSENT
						+ " s on s.customer_id = c.id and s.granted where " + where.sql() + " order by c.id limit ?",
				(rs, n) -> {
					String voucher = "V" + "XXXXXX" + Long.toHexString(rs.getLong(1)).toUpperCase();
					String text = render(campaign, rs.getString(2), voucher);
					SmsSegments.Count count = SmsSegments.of(text);
					return new Sample(rs.getLong(1), com.venuehub.platform.Masking.phone(rs.getString(3)), text,
							count.encoding(), count.units(), count.segments());
				}, args.toArray());
		long audience = ((Number) counts.get("audience")).longValue();
		int segments = samples.stream()
			.mapToInt(Sample::segments)
			.max()
			.orElse(SmsSegments.of(render(campaign, "Camille", "VXXXXXX1")).segments());
		String encoding = samples.stream().anyMatch(s -> "UCS-2".equals(s.encoding())) ? "UCS-2" : "GSM-7";
		BigDecimal cost = this.properties.pricePerSegment()
			.multiply(BigDecimal.valueOf(audience * segments))
			.setScale(2, RoundingMode.HALF_UP);
		return new Preview(campaign.id(), audience, ((Number) counts.get("excluded")).longValue(), encoding, segments,
				audience * segments, cost, this.properties.currency(), samples);
	}

	/**
	 * Launches a draft: scheduled when its time is ahead, otherwise it starts now (a
	 * triggered campaign starts listening).
	 */
	@Transactional
	public Campaign launch(long id) {
		Campaign campaign = lockDraft(id);
		// a scheduled or triggered campaign reads its segment later: one stored before
		// a rule existed is refused now, while someone is looking
		campaign.segment().check();
		Instant now = this.clock.instant();
		if (campaign.trigger() == null && campaign.sendAt() != null && campaign.sendAt().isAfter(now)) {
			this.jdbc.update("update campaign set state = 'SCHEDULED', failure = null, updated_at = now() where id = ?",
					id);
			log.info("Campaign {} scheduled for {}", id, campaign.sendAt());
			return get(id);
		}
		start(campaign, now);
		return get(id);
	}

	/**
	 * Starts the scheduled campaigns whose time has come, each claimed by one instance
	 * only and started in a transaction of its own: one that cannot start goes back to
	 * draft with the reason and neither holds up nor rolls back the others. Answers how
	 * many were started.
	 */
	public int startDue() {
		Instant now = this.clock.instant();
		int started = 0;
		while (true) {
			Pass pass = alone("""
					select * from campaign where state = 'SCHEDULED' and send_at <= ? order by send_at, id
					limit 1 for update skip locked""", new Object[] { Timestamp.from(now) }, now, "start", campaign -> {
				start(campaign, now);
				return 1;
			});
			if (pass == null) {
				return started;
			}
			started += pass.done();
		}
	}

	/**
	 * Claims the one campaign the query finds (locked: other instances skip it), checks
	 * its segment and does its work, in a transaction of its own. A campaign the hub
	 * cannot run (its segment cannot be evaluated: stored before a rule existed) has its
	 * work rolled back and goes back to draft with the reason, where marketing sees it,
	 * corrects the campaign and launches it again; an outage is thrown as it is, the
	 * campaign left for the next pass. Answers null when the query finds none.
	 */
	private Pass alone(String claim, Object[] args, Instant now, String doing, ToIntFunction<Campaign> work) {
		AtomicReference<Campaign> claimed = new AtomicReference<>();
		try {
			return this.transaction.execute(status -> {
				List<Campaign> found = this.jdbc.query(claim, this::campaign, args);
				if (found.isEmpty()) {
					return null;
				}
				Campaign campaign = found.get(0);
				claimed.set(campaign);
				campaign.segment().check();
				return new Pass(campaign, work.applyAsInt(campaign));
			});
		}
		catch (RuntimeException ex) {
			Campaign campaign = claimed.get();
			if (campaign == null || Failures.isOutage(ex)) {
				throw ex;
			}
			String reason = "could not " + doing + " at " + now + ": "
					+ (ex instanceof ApiException ? ex.getMessage() : Failures.describe(ex));
			// unless another instance has been quicker to do the same
			this.jdbc.update("""
					update campaign set state = 'DRAFT', failure = ?, updated_at = now()
					where id = ? and state = ?""", reason, campaign.id(), campaign.state());
			log.error("Campaign {} is a draft again: it {}", campaign.id(), reason, ex);
			return new Pass(campaign, 0);
		}
	}

	/**
	 * @param done what the work answered; 0 when the campaign went back to draft
	 */
	private record Pass(Campaign campaign, int done) {
	}

	private void start(Campaign campaign, Instant now) {
		if (campaign.trigger() != null) {
			this.jdbc.update("""
					update campaign set state = 'RUNNING', launched_at = ?, trigger_scanned_until = ?, failure = null,
					    updated_at = now()
					where id = ?""", Timestamp.from(now), Timestamp.from(now), campaign.id());
			log.info("Triggered campaign {} listening for {}", campaign.id(), campaign.trigger().event());
			return;
		}
		Instant due = campaign.sendAt() == null || campaign.sendAt().isBefore(now) ? now : campaign.sendAt();
		Segment.Where where = campaign.segment().where(now, this.defaultLocale);
		List<Object> args = new ArrayList<>(where.args());
		args.add(campaign.id());
		args.add(campaign.venue());
		args.add(campaign.id());
		args.add(campaign.voucherSalt());
		args.add(campaign.id());
		args.add("campaign " + campaign.name());
		args.add(Timestamp.from(due));
		args.add(Timestamp.from(due));
		// one pass: the customers the segment matches, the consenting ones written to the
		// outbox (one message per number: customers sharing a phone, a family, get one
		// SMS,
		// addressed to the oldest of them), the others counted
		Map<String, Object> counts = this.jdbc.queryForMap("""
				with matched as materialized (
				    select c.id, p.value, s.granted from customer c
				""" + PHONE + " left join " + SMS_CONSENT + " s on s.customer_id = c.id where " + where.sql() + """
				),
				written as (
				    insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, campaign_id,
				        voucher_code, status, reason, due_at, next_attempt_at)
				    select 'promo:' || ?::bigint || ':' || m.id, 'SMS', 'PROMO', m.id, m.value, ?, ?,
				           'V' || upper(substr(md5(? || ':' || ?::bigint || ':' || m.id), 1, 6)) || upper(to_hex(m.id)),
				           'PENDING', ?, ?, ?
				    from (select distinct on (value) * from matched where granted order by value, id) m
				    returning 1)
				select (select count(*) from written) as written,
				       (select count(*) from matched where granted is not true) as excluded""", args.toArray());
		int written = ((Number) counts.get("written")).intValue();
		int excluded = ((Number) counts.get("excluded")).intValue();
		this.jdbc.update("""
				update campaign set state = 'RUNNING', launched_at = ?, excluded_no_consent = ?, failure = null,
				    updated_at = now()
				where id = ?""", Timestamp.from(now), excluded, campaign.id());
		log.info("Campaign {} launched: {} messages decided, {} matching customers without SMS consent", campaign.id(),
				written, excluded);
	}

	/** Cancels a campaign not finished yet; its messages not sent are suppressed. */
	@Transactional
	public Campaign cancel(long id) {
		Campaign campaign = this.jdbc.query("select * from campaign where id = ? for update", this::campaign, id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no campaign " + id));
		if ("DONE".equals(campaign.state()) || "CANCELLED".equals(campaign.state())) {
			throw new ApiException(HttpStatus.CONFLICT, "campaign " + id + " is already " + campaign.state());
		}
		this.jdbc.update("""
				update campaign set state = 'CANCELLED', cancelled_at = ?, updated_at = now() where id = ?""",
				Timestamp.from(this.clock.instant()), id);
		int suppressed = this.jdbc.update("""
				update outbox_message set status = 'SUPPRESSED', reason = 'campaign cancelled', updated_at = now()
				where campaign_id = ? and status = 'PENDING'""", id);
		log.info("Campaign {} cancelled, {} messages not sent", id, suppressed);
		return get(id);
	}

	/** Running one-off campaigns with nothing left to send are done. */
	public int finishDone() {
		return this.jdbc.update("""
				update campaign set state = 'DONE', finished_at = ?, updated_at = now()
				where state = 'RUNNING' and trigger is null
				  and not exists (select 1 from outbox_message m where m.campaign_id = campaign.id
				                  and m.status in ('PENDING', 'SENDING', 'UNCERTAIN'))""",
				Timestamp.from(this.clock.instant()));
	}

	/**
	 * Adds a message for every new kiosk answer a running triggered campaign listens to,
	 * due after the campaign's delay; each campaign in a transaction of its own. Safe on
	 * several instances at once. A campaign whose segment cannot be evaluated goes back
	 * to draft with the reason; the others go on.
	 */
	public int triggerFromKioskAnswers() {
		Instant now = this.clock.instant();
		int written = 0;
		long after = 0;
		while (true) {
			Pass pass = alone("""
					select * from campaign where state = 'RUNNING' and trigger ->> 'event' = ? and id > ? order by id
					limit 1 for update skip locked""", new Object[] { KIOSK_RESPONSE, after }, now,
					"read kiosk answers", campaign -> kioskAnswers(campaign, now));
			if (pass == null) {
				return written;
			}
			after = pass.campaign().id();
			written += pass.done();
		}
	}

	private int kioskAnswers(Campaign campaign, Instant now) {
		Trigger trigger = campaign.trigger();
		Segment.Where where = campaign.segment().where(now, this.defaultLocale);
		List<Object> args = new ArrayList<>();
		args.add(campaign.id());
		args.add(campaign.venue());
		args.add(campaign.id());
		args.add(campaign.voucherSalt());
		args.add(campaign.id());
		long delay = trigger.delay() == null ? 0 : trigger.delay().toSeconds();
		args.add(delay);
		args.add(delay);
		args.add(campaign.venue());
		args.add(trigger.minScore() == null ? 0 : trigger.minScore());
		args.add(trigger.maxScore() == null ? 10 : trigger.maxScore());
		// the database's clock, as answers are stamped with it; answers may commit a
		// little after they are stamped: read back a margin
		args.add(Timestamp.from(campaign.triggerScannedUntil().minusSeconds(60)));
		args.addAll(where.args());
		int written = this.jdbc
			.update("""
					insert into outbox_message (dedup_key, channel, kind, customer_id, recipient, venue, campaign_id,
					    voucher_code, status, reason, due_at, next_attempt_at, trigger_ref)
					select 'promo:' || ?::bigint || ':' || r.response_id, 'SMS', 'PROMO', c.id, p.value, ?, ?,
					       'V' || upper(substr(md5(? || ':' || ?::bigint || ':' || r.response_id), 1, 6)) || upper(to_hex(c.id)),
					       'PENDING', 'kiosk score ' || r.score,
					       r.answered_at + make_interval(secs => ?), r.answered_at + make_interval(secs => ?),
					       r.response_id
					from feedback_response r
					join customer rc on rc.id = r.customer_id
					join customer c on c.id = coalesce(rc.merged_into, rc.id)
					"""
					+ PHONE + """

							where r.venue = ? and r.score between ? and ? and r.received_at >= ?
							  and """ + " " + where.sql() + " on conflict (dedup_key) do nothing", args.toArray());
		this.jdbc.update("update campaign set trigger_scanned_until = now() where id = ?", campaign.id());
		return written;
	}

	/**
	 * What a campaign did: reach, suppressions by reason, delivery, opt-outs and sales.
	 */
	public Results results(long id) {
		return this.results.of(get(id));
	}

	/** The text a recipient receives: the template, then the venue's opt-out mention. */
	String render(Campaign campaign, String firstName, String voucherCode) {
		SmsProperties.Venue venue = this.properties.venue(campaign.venue());
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("firstName", firstName == null ? "" : firstName);
		model.put("voucherCode", voucherCode);
		model.put("venueName", venue.name() == null ? campaign.venue() : venue.name());
		String text = compile(campaign.template()).execute(model).strip();
		return text + " " + venue.optOutMention();
	}

	private Template compile(String template) {
		Template compiled = this.compiled.get(template);
		if (compiled != null) {
			return compiled;
		}
		try {
			compiled = this.mustache.compile(template);
			if (this.compiled.size() < 1000) {
				this.compiled.put(template, compiled);
			}
			return compiled;
		}
		catch (MustacheException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "template: " + ex.getMessage());
		}
	}

	private Campaign lockDraft(long id) {
		Campaign campaign = this.jdbc.query("select * from campaign where id = ? for update", this::campaign, id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no campaign " + id));
		if (!"DRAFT".equals(campaign.state())) {
			throw new ApiException(HttpStatus.CONFLICT,
					"campaign " + id + " is " + campaign.state() + ": only a draft can be launched");
		}
		return campaign;
	}

	private void check(CampaignRequest request) {
		if (request == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "a campaign needs a body");
		}
		if (request.name() == null || request.name().isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "name is required");
		}
		if (request.venue() == null || request.venue().isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "venue is required (a venue code such as zoo-lyon)");
		}
		if (request.template() == null || request.template().isBlank()) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"template is required, e.g. \"Bonjour {{firstName}}, -20% avec le code {{voucherCode}}\"");
		}
		if (request.template().length() > 1000) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "template is longer than 1000 characters");
		}
		compile(request.template());
		if (request.sendAt() != null) {
			ApiException.checkDate("sendAt", request.sendAt().atOffset(ZoneOffset.UTC).toLocalDate());
		}
		segment(request).check();
		Trigger trigger = request.trigger();
		if (trigger != null) {
			if (!KIOSK_RESPONSE.equals(trigger.event())) {
				throw new ApiException(HttpStatus.BAD_REQUEST,
						"trigger.event '" + trigger.event() + "' is not one of [" + KIOSK_RESPONSE + "]");
			}
			if (request.sendAt() != null) {
				throw new ApiException(HttpStatus.BAD_REQUEST,
						"a triggered campaign has no sendAt: each message is due after trigger.delay");
			}
			new Segment(null, null, null, null, null, null, trigger.minScore(), trigger.maxScore(), null, null, null,
					null)
				.check();
			if (trigger.delay() != null && (trigger.delay().isNegative() || trigger.delay().toDays() > 90)) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "trigger.delay must be between PT0S and P90D");
			}
		}
	}

	private static Segment segment(CampaignRequest request) {
		return request.segment() == null
				? new Segment(null, null, null, null, null, null, null, null, null, null, null, null)
				: request.segment();
	}

	private Campaign campaign(ResultSet rs, int n) throws SQLException {
		return new Campaign(rs.getLong("id"), rs.getString("name"), rs.getString("venue"),
				read(rs.getString("segment"), Segment.class), rs.getString("template"), instant(rs, "send_at"),
				rs.getString("trigger") == null ? null : read(rs.getString("trigger"), Trigger.class),
				rs.getString("state"), (Integer) rs.getObject("excluded_no_consent"), instant(rs, "created_at"),
				instant(rs, "launched_at"), instant(rs, "finished_at"), instant(rs, "cancelled_at"),
				rs.getString("voucher_salt"), instant(rs, "trigger_scanned_until"), rs.getString("failure"));
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private <T> T read(String value, Class<T> type) {
		try {
			return this.json.readValue(value, type);
		}
		catch (IOException ex) {
			throw new IllegalStateException("campaign column holds unreadable JSON", ex);
		}
	}

	private static Timestamp timestamp(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	/**
	 * @param sendAt when a one-off campaign goes; none: at launch
	 * @param trigger instead of a date, an event that sends each message
	 */
	public record CampaignRequest(String name, String venue, Segment segment, String template, Instant sendAt,
			Trigger trigger) {
	}

	/**
	 * @param event {@code kiosk-response}: a customer's answer at one of the campaign
	 * venue's kiosks
	 * @param minScore lowest score that triggers
	 * @param maxScore highest score that triggers
	 * @param delay wait after the answer (ISO-8601, e.g. {@code P1D})
	 */
	public record Trigger(String event, Integer minScore, Integer maxScore, Duration delay) {
	}

	/**
	 * @param failure why the hub could not start or run it, when it went back to draft
	 * for that; cleared when it is launched again
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Campaign(long id, String name, String venue, Segment segment, String template, Instant sendAt,
			Trigger trigger, String state, Integer excludedNoConsent, Instant createdAt, Instant launchedAt,
			Instant finishedAt, Instant cancelledAt, @com.fasterxml.jackson.annotation.JsonIgnore String voucherSalt,
			@com.fasterxml.jackson.annotation.JsonIgnore Instant triggerScannedUntil, String failure) {
	}

	/**
	 * @param phone masked
	 * @param units characters as the encoding counts them
	 */
	public record Sample(long customerId, String phone, String text, String encoding, int units, int segments) {
	}

	/**
	 * @param audience consenting customers the segment matches now
	 * @param excludedNoConsent customers the segment matches who have not consented to
	 * SMS marketing
	 * @param segmentsPerMessage most segments one message of the sample costs
	 * @param estimatedCost audience × segments × price per segment
	 */
	public record Preview(long campaignId, long audience, long excludedNoConsent, String encoding,
			int segmentsPerMessage, long totalSegments, BigDecimal estimatedCost, String currency,
			List<Sample> samples) {
	}

	/**
	 * @param targeted messages decided (one per recipient, or per trigger)
	 * @param excludedNoConsent matching customers left out at launch for lack of consent
	 * @param uncertain handed to Twilio without a clear answer, being reconciled
	 * @param optedOut recipients who revoked SMS consent after their message
	 * @param ticketsWithin7Days tickets bought by recipients within 7 days of their
	 * message
	 */
	public record Results(long campaignId, String state, long targeted, long excludedNoConsent, long pending,
			long suppressed, Map<String, Long> suppressedByReason, long sent, long uncertain, long delivered,
			long failed, long segments, long optedOut, long ticketsWithin7Days, BigDecimal revenueWithin7Days) {
	}

}
