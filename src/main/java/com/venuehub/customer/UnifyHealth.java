package com.venuehub.customer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of unify ({@code /actuator/health/readiness}): DOWN while no consumer is
 * connected to the broker (the broker unreachable) or while a consumer's thread is dead,
 * so that the hub stops taking records it could not apply. An outage of the database is
 * not one: records wait on the broker, and intake still takes them.
 */
@Component("unify")
public class UnifyHealth implements HealthIndicator {

	private final UnifyConsumers consumers;

	public UnifyHealth(UnifyConsumers consumers) {
		this.consumers = consumers;
	}

	@Override
	public Health health() {
		if (!this.consumers.isRunning()) {
			return Health.down().withDetail("reason", "unify is stopped").build();
		}
		List<UnifyConsumers.ConsumerState> states = this.consumers.consumers();
		Map<String, Object> details = new LinkedHashMap<>();
		int connected = 0;
		boolean dead = false;
		for (UnifyConsumers.ConsumerState state : states) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("state", !state.alive() ? "dead" : state.connectedSince() == null ? "connecting" : "consuming");
			if (state.connectedSince() != null) {
				detail.put("connectedSince", state.connectedSince().toString());
			}
			if (state.lastFailure() != null) {
				detail.put("lastFailure", state.lastFailure());
			}
			details.put(state.name(), detail);
			connected += state.alive() && state.connectedSince() != null ? 1 : 0;
			dead |= !state.alive();
		}
		Health.Builder health = connected > 0 && !dead ? Health.up() : Health.down();
		if (connected == 0) {
			health.withDetail("reason", "no unify consumer is connected to the broker");
		}
		else if (dead) {
			health.withDetail("reason", "a unify consumer's thread has ended");
		}
		return health.withDetail("consumers", details).build();
	}

}
