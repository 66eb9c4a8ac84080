package org.janseva.catalog.invocation;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The servlet filters in front of invocations ({@link InvocationBodyFilter}). */
@Configuration(proxyBeanMethods = false)
class InvocationWebConfiguration {

    /**
     * Before the platform's body-size limit (at {@code HIGHEST_PRECEDENCE + 3}), which then applies
     * the limit while an invocation's body is read.
     */
    @Bean
    FilterRegistrationBean<InvocationBodyFilter> invocationBodyFilter(ObjectProvider<Clock> clock) {
        FilterRegistrationBean<InvocationBodyFilter> registration =
                new FilterRegistrationBean<>(new InvocationBodyFilter(clock.getIfUnique(Clock::systemUTC)));
        registration.addUrlPatterns("/api/v1/services/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /**
     * Behind the platform's body-size limit (and its other request filters, up to {@code
     * HIGHEST_PRECEDENCE + 5}), before Spring Security.
     */
    @Bean
    FilterRegistrationBean<InvocationBodyFilter.ReadRefusals> invocationReadRefusals() {
        FilterRegistrationBean<InvocationBodyFilter.ReadRefusals> registration =
                new FilterRegistrationBean<>(new InvocationBodyFilter.ReadRefusals());
        registration.addUrlPatterns("/api/v1/services/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
