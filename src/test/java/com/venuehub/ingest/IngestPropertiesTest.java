package com.venuehub.ingest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Intake settings are checked when the hub starts: a wrong one stops it, named. */
class IngestPropertiesTest {

	@Test
	void aFutureMarginThatIsNotAPositiveDurationStopsTheHub() {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Ingest.class)
			.withPropertyValues("hub.ingest.inbox=inbox", "hub.ingest.mappings=mappings",
					"hub.ingest.venue-zone=Europe/Paris", "hub.ingest.max-body-bytes=1048576",
					"hub.ingest.publish-chunk=10");
		runner.withPropertyValues("hub.ingest.max-future-skew=0s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hub.ingest.max-future-skew must be a duration above zero"));
		runner.withPropertyValues("hub.ingest.max-future-skew=-2h").run(context -> assertThat(context).hasFailed());
		runner.withPropertyValues("hub.ingest.max-future-skew=36h")
			.run(context -> assertThat(context.getBean(IngestProperties.class).maxFutureSkew())
				.isEqualTo(Duration.ofHours(36)));
		runner.run(context -> assertThat(context.getBean(IngestProperties.class).maxFutureSkew())
			.isEqualTo(Duration.ofHours(24)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(IngestProperties.class)
	static class Ingest {

	}

}
