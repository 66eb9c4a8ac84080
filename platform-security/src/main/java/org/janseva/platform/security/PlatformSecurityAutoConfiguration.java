package org.janseva.platform.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.janseva.platform.web.PlatformWebAutoConfiguration;
import org.janseva.platform.web.ProblemWriter;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.CompositeRequestRejectedHandler;
import org.springframework.security.web.firewall.ObservationMarkingRequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes a servlet service an OAuth2 resource server of the platform: every request's bearer token
 * is verified against user-service's JWKS (RS256 only, issuer, audience, expiry), the paths a
 * service declares in {@link PlatformSecurityProperties} are opened or scope-checked (on an open
 * path a token that does not verify is ignored, {@link PublicPathBearerTokens}), refusals are
 * 401/403 problem documents, a token that cannot be checked (the keys cannot be fetched) a 503
 * one ({@link ProblemSecurityHandlers}), and controllers get the {@link Caller}. Identity headers
 * from outside are never trusted: the only identity is the verified token.
 *
 * <p>A service can replace the decoder (user-service verifies against its own keys) or add rules
 * in code with a {@link PlatformAuthorizationCustomizer}.
 */
@AutoConfiguration(
        after = PlatformWebAutoConfiguration.class,
        before = {
            ServletWebSecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({BearerTokenAuthenticationToken.class, JwtDecoder.class})
@EnableConfigurationProperties(PlatformSecurityProperties.class)
@EnableWebSecurity
public class PlatformSecurityAutoConfiguration {

    private static final org.slf4j.Logger log =
            org.slf4j.LoggerFactory.getLogger(PlatformSecurityAutoConfiguration.class);

    /** The service-to-service endpoints: scope {@code service} unless a rule says otherwise. */
    static final String INTERNAL_PATHS = "/internal/**";

    /** Paths every process keeps open: probes, metrics scraping, its API description, errors. */
    static final List<String> OPERATIONAL_PATHS = List.of(
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/info",
            "/actuator/prometheus",
            "/v3/api-docs",
            "/v3/api-docs.yaml",
            "/v3/api-docs/**",
            "/swagger-ui.html",
            "/swagger-ui/**",
            "/error");

    /**
     * No Spring Security observations at all. The observations are also off by property
     * ({@code management.observations.enable.spring.security: false}), but that only makes them
     * no-ops: the filter chain would still be wrapped filter by filter in an observation
     * decorator, 5 % of catalog-service's CPU on a request it refuses itself (JFR). The request
     * as a whole is still observed (timed and traced) by {@code http.server.requests}.
     */
    @Bean
    @ConditionalOnMissingBean
    static SecurityObservationSettings platformSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * User-service's keys as the service's token check uses them ({@link PlatformJwkSource}); the
     * verified-token cache follows the same set ({@link VerifiedTokenCache}). None when the service
     * makes its own decoder.
     */
    @Bean(VerifiedTokenCache.Installer.PLATFORM_KEYS)
    @ConditionalOnMissingBean(JwtDecoder.class)
    JWKSource<SecurityContext> platformJwkSource(PlatformSecurityProperties properties, Environment environment) {
        URI jwkSetUri = properties.jwkSetUri() != null
                ? properties.jwkSetUri()
                : URI.create(userServiceUrl(environment) + "/oauth2/jwks");
        // the key set is fetched lazily with our timeouts, cached, re-fetched when a token names an
        // unknown key (rotation) and kept through an outage of user-service (PlatformJwkSource); a
        // service starts even while user-service is down
        return PlatformJwkSource.create(jwkSetUri, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder platformJwtDecoder(
            PlatformSecurityProperties properties,
            @Qualifier(VerifiedTokenCache.Installer.PLATFORM_KEYS) JWKSource<SecurityContext> keys) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(tokenValidator(properties));
        return decoder;
    }

    /**
     * @param properties the settings
     * @return the checks every platform access token must pass once its signature is verified
     */
    public static OAuth2TokenValidator<Jwt> tokenValidator(PlatformSecurityProperties properties) {
        String audience = properties.audience();
        return new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<Collection<String>>(
                        JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null));
    }

    /**
     * Verified tokens are kept until they expire or their key leaves the decoder's key set ({@link
     * VerifiedTokenCache}).
     */
    @Bean
    @ConditionalOnProperty(name = "platform.security.verified-token-cache", havingValue = "true", matchIfMissing = true)
    static BeanPostProcessor platformVerifiedTokenCache() {
        return new VerifiedTokenCache.Installer();
    }

    /**
     * The firewall's header checks without regular expressions ({@link HeaderChecks}); what it
     * refuses is a 400 problem naming the header ({@link RejectedRequests}), after the request's
     * observation is marked as Spring Security does by default.
     */
    @Bean
    WebSecurityCustomizer platformHttpFirewall(
            RejectedRequests rejectedRequests, ObjectProvider<ObservationRegistry> observationRegistry) {
        return web -> web.httpFirewall(HeaderChecks.firewall())
                .requestRejectedHandler(new CompositeRequestRejectedHandler(
                        new ObservationMarkingRequestRejectedHandler(
                                observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP)),
                        rejectedRequests));
    }

    /** Firewall refusals as problems, before the filter chain's end and inside Spring MVC alike. */
    @Bean
    RejectedRequests platformRejectedRequests() {
        return new RejectedRequests(new ProblemWriter(JsonMapper.builder().build()));
    }

    /** The bearer token read without a regular expression in the common case ({@link HeaderChecks}). */
    @Bean
    @ConditionalOnMissingBean
    BearerTokenResolver platformBearerTokenResolver() {
        return new HeaderChecks.FastBearerTokenResolver();
    }

    @Bean
    ProblemSecurityHandlers platformProblemSecurityHandlers() {
        return new ProblemSecurityHandlers(
                new ProblemWriter(JsonMapper.builder().build()));
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 100)
    @ConditionalOnMissingBean(name = "platformResourceServerFilterChain")
    SecurityFilterChain platformResourceServerFilterChain(
            HttpSecurity http,
            PlatformSecurityProperties properties,
            JwtDecoder jwtDecoder,
            BearerTokenResolver bearerTokenResolver,
            ProblemSecurityHandlers handlers,
            ObjectProvider<PlatformAuthorizationCustomizer> customizers)
            throws Exception {
        // a refused token on an open path is ignored, not answered with 401 (PublicPathBearerTokens)
        PublicPathBearerTokens openPaths = new PublicPathBearerTokens();
        AuthenticationManager tokenCheck = new ProviderManager(new JwtAuthenticationProvider(jwtDecoder));
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(rules -> {
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    rules.requestMatchers(matchers(OPERATIONAL_PATHS)).permitAll();
                    customizers.orderedStream().forEach(c -> c.customize(rules));
                    for (PlatformSecurityProperties.ScopedPath scoped : properties.scopedPaths()) {
                        rules.requestMatchers(matchers(scoped.pattern(), scoped.methods()))
                                .hasAnyAuthority(scoped.scopes().stream()
                                        .map(s -> "SCOPE_" + s)
                                        .toArray(String[]::new));
                    }
                    rules.requestMatchers(matchers(properties.publicPaths())).permitAll();
                    rules.requestMatchers(PathPatternRequestMatcher.pathPattern(INTERNAL_PATHS))
                            .hasAuthority("SCOPE_" + PlatformScopes.SERVICE);
                    rules.anyRequest().authenticated();
                })
                .oauth2ResourceServer(rs -> rs.authenticationManagerResolver(openPaths.managerResolver(tokenCheck))
                        .bearerTokenResolver(openPaths.tokenResolver(bearerTokenResolver))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(handlers.failureHandler());
                                return filter;
                            }
                        }))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
        SecurityFilterChain chain = http.build();
        openPaths.rulesOf(chain);
        return chain;
    }

    @Bean
    WebMvcConfigurer platformCallerArgumentResolver() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    /**
     * The {@link Caller} is resolved from the verified token, never sent by the client: without
     * this, springdoc describes every operation that takes one as having a required query
     * parameter {@code caller}. Done once here so that no controller has to hide it itself.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.utils.SpringDocUtils")
    static class CallerHiddenFromOpenApi {

        static {
            // springdoc keeps its ignore list in a static set: one registration per class loader
            SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("platform.security.client.id")
    ServiceTokenClient serviceTokenClient(
            PlatformSecurityProperties properties, Environment environment, ObjectProvider<Clock> clock) {
        PlatformSecurityProperties.Client client = properties.client();
        if (client.secret() == null || client.secret().isBlank()) {
            log.warn(
                    "platform.security.client.secret is not set for client {}: calls needing a service token "
                            + "will fail until it is",
                    client.id());
        }
        URI tokenUri = client.tokenUri() != null
                ? client.tokenUri()
                : URI.create(userServiceUrl(environment) + "/oauth2/token");
        return new ServiceTokenClient(
                tokenUri,
                client.id(),
                client.secret(),
                client.scope(),
                client.refreshBefore(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    private static String userServiceUrl(Environment environment) {
        String url = environment.getProperty("platform.services.user", "http://localhost:8082");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * @param entries {@code "/pattern"} or {@code "METHOD /pattern"}
     * @return the matchers of the entries: one per entry, and a {@code HEAD} one beside each
     *     {@code GET} one
     */
    static RequestMatcher[] matchers(List<String> entries) {
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String entry : entries) {
            String trimmed = entry.strip();
            int space = trimmed.indexOf(' ');
            if (space > 0) {
                HttpMethod method =
                        HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase(Locale.ROOT));
                addMatchers(matchers, method, trimmed.substring(space + 1).strip());
            } else {
                matchers.add(PathPatternRequestMatcher.pathPattern(trimmed));
            }
        }
        return matchers.toArray(RequestMatcher[]::new);
    }

    private static RequestMatcher[] matchers(String pattern, Collection<String> methods) {
        if (methods.isEmpty()) {
            return new RequestMatcher[] {PathPatternRequestMatcher.pathPattern(pattern)};
        }
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String method : methods) {
            addMatchers(matchers, HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), pattern);
        }
        return matchers.toArray(RequestMatcher[]::new);
    }

    /**
     * A rule for {@code GET} holds for {@code HEAD} and {@code OPTIONS} too: HEAD is GET without
     * the body (RFC 9110 9.3.2), Spring MVC answers it from the GET handler, and uptime monitors
     * use it; OPTIONS asks which methods the path takes (9.3.7), no more secret than the GET.
     * Without this, either on a public GET path was a 401, and on a GET path scoped to {@code
     * admin} it needed no more than any valid token.
     */
    private static void addMatchers(List<RequestMatcher> matchers, HttpMethod method, String pattern) {
        matchers.add(PathPatternRequestMatcher.pathPattern(method, pattern));
        if (HttpMethod.GET.equals(method)) {
            matchers.add(PathPatternRequestMatcher.pathPattern(HttpMethod.HEAD, pattern));
            matchers.add(PathPatternRequestMatcher.pathPattern(HttpMethod.OPTIONS, pattern));
        }
    }
}
