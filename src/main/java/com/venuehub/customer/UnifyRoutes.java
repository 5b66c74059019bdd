package com.venuehub.customer;

import com.venuehub.platform.Failures;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Unify's timed flow: the sweep of merges left for later that their batch could not make.
 * Safe on every instance at once: a merge locks its customers, and one already made is
 * not made again.
 */
@Component
public class UnifyRoutes extends RouteBuilder {

	private static final Logger log = LoggerFactory.getLogger(UnifyRoutes.class);

	private final Unifier unifier;

	private final UnifyProperties properties;

	UnifyRoutes(Unifier unifier, UnifyProperties properties) {
		this.unifier = unifier;
		this.properties = properties;
	}

	@Override
	public void configure() {
		long after = this.properties.leftOverAfterMs();
		from("timer:unify-left-over-merges?period=" + this.properties.leftOverPeriodMs() + "&delay=5000")
			.routeId("unify-left-over-merges")
			.process(exchange -> {
				try {
					this.unifier.mergeLeftOver(after);
				}
				catch (RuntimeException ex) {
					// written down still: the next sweep tries again
					log.warn("Unify's sweep of merges left for later failed ({}); it tries again in {} ms",
							Failures.summary(ex), this.properties.leftOverPeriodMs());
				}
			});
	}

}
