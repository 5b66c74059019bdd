package com.venuehub;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Beans every end-to-end test shares: the settable clock. */
@TestConfiguration(proxyBeanMethods = false)
public class HubTestConfiguration {

	@Bean
	@Primary
	TestClock testClock() {
		return new TestClock();
	}

}
