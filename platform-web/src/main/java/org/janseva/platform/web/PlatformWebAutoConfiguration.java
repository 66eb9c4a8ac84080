package org.janseva.platform.web;

import java.util.List;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the shared servlet infrastructure into every service: request ids and the access log,
 * the body-size limit, strict JSON bodies (no other format, no coerced scalars, no duplicate
 * members, no NUL characters), and problem documents for every error path.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(PlatformWebProperties.class)
public class PlatformWebAutoConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        // inside Boot's ServerHttpObservationFilter (HIGHEST_PRECEDENCE + 1): the access line is
        // written while the request's trace is still current, so it carries the traceId too
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** The request id out of the MDC when Tomcat is done with a request that failed ({@link RequestIdFilter}). */
    @Bean
    ServletListenerRegistrationBean<RequestIdFilter.MdcCleanup> requestIdMdcCleanup() {
        return new ServletListenerRegistrationBean<>(new RequestIdFilter.MdcCleanup());
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(PlatformWebProperties properties) {
        BodySizeLimitFilter filter = new BodySizeLimitFilter(
                properties.maxRequestBody().toBytes(),
                new ProblemWriter(JsonMapper.builder().build()));
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    /** A wildcard Content-Type names no body type: 415, not the 500 Spring MVC made of it. */
    @Bean
    FilterRegistrationBean<WildcardContentTypeFilter> wildcardContentTypeFilter() {
        FilterRegistrationBean<WildcardContentTypeFilter> registration =
                new FilterRegistrationBean<>(new WildcardContentTypeFilter(
                        new ProblemWriter(JsonMapper.builder().build())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Before Spring Security's chain: a NUL must not reach a token lookup either. */
    @Bean
    FilterRegistrationBean<NulParameterFilter> nulParameterFilter() {
        FilterRegistrationBean<NulParameterFilter> registration = new FilterRegistrationBean<>(
                new NulParameterFilter(new ProblemWriter(JsonMapper.builder().build())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        return registration;
    }

    /**
     * Refuses a NUL character in any string of a JSON body (registered on Boot's {@code JsonMapper},
     * which Spring MVC reads bodies with); {@link ProblemDetailsExceptionHandler} names the field.
     */
    @Bean
    JacksonModule nulCharactersJacksonModule() {
        return NulCharacters.jacksonModule();
    }

    /** JSON with no coercion of scalars and no duplicate members ({@link StrictJson}). */
    @Bean
    JsonMapperBuilderCustomizer strictJsonMapper() {
        return new StrictJson();
    }

    /** Bodies are JSON, not YAML or XML ({@link JsonOnlyMessageConverters}). */
    @Bean
    ServerHttpMessageConvertersCustomizer jsonOnlyMessageConverters() {
        return new JsonOnlyMessageConverters();
    }

    /**
     * {@code Accept} without the ranges it gives weight 0 ({@link AcceptHeaderStrategy}); it is the
     * only strategy: no service picks the answer's format by a parameter or a path extension.
     */
    @Bean
    WebMvcConfigurer acceptHeaderStrategy() {
        return new WebMvcConfigurer() {
            @Override
            public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
                configurer.strategies(List.of(new AcceptHeaderStrategy()));
            }
        };
    }

    /**
     * Tomcat's error page (for requests it refuses before any filter runs) as a problem document:
     * {@link ProblemErrorReportValve} in place of the host's {@code ErrorReportValve}, after Boot's
     * own customizer has added that one.
     */
    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        // the host adds a valve of this class when it starts, unless one is there
                        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    }
                    Pipeline pipeline = context.getParent().getPipeline();
                    for (Valve valve : pipeline.getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                            pipeline.removeValve(valve);
                        }
                    }
                    pipeline.addValve(new ProblemErrorReportValve());
                });
            }
        };
    }

    @Bean
    ProblemDetailsExceptionHandler problemDetailsExceptionHandler() {
        return new ProblemDetailsExceptionHandler();
    }

    /** Only where there is a database to be unavailable (spring-jdbc is optional here). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.dao.DataAccessResourceFailureException")
    static class DatabaseProblems {

        @Bean
        DatabaseUnavailableExceptionHandler databaseUnavailableExceptionHandler() {
            return new DatabaseUnavailableExceptionHandler();
        }
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }
}
