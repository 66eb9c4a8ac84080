package org.janseva.simulator.departments;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The simulator's clock for tests that need a given day. */
@TestConfiguration(proxyBeanMethods = false)
class SettableClockConfiguration {

    @Bean
    SettableClock settableClock() {
        return new SettableClock();
    }
}
