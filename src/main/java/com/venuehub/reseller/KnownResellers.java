package com.venuehub.reseller;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.venuehub.ingest.CanonicalEvent;
import com.venuehub.ingest.RecordCheck;
import com.venuehub.platform.RecordRejectedException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A sale naming a reseller the hub does not know (a reseller report row, or an online
 * order carrying {@code reseller_id}) is quarantined at intake with its raw text: counted
 * against no allocation, it would be lost. Once the reseller is created, the record is
 * replayed.
 */
@Component
class KnownResellers implements RecordCheck {

	private final JdbcTemplate jdbc;

	/** Codes seen to exist: a reseller is never deleted and its code never changes. */
	private final Set<String> known = ConcurrentHashMap.newKeySet();

	KnownResellers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void check(CanonicalEvent event) {
		String code = event.order() == null ? null : event.order().resellerId();
		if (code == null || this.known.contains(code)) {
			return;
		}
		if (!Boolean.TRUE.equals(this.jdbc.queryForObject("select exists (select 1 from reseller where code = ?)",
				Boolean.class, code))) {
			throw new RecordRejectedException("unknown reseller '" + code
					+ "': no reseller has this code; create it (POST /api/v1/resellers), then replay this record");
		}
		this.known.add(code);
	}

}
