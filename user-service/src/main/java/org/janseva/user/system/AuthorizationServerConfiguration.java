package org.janseva.user.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.janseva.platform.security.PlatformSecurityAutoConfiguration;
import org.janseva.platform.security.PlatformSecurityProperties;
import org.janseva.platform.security.ProblemSecurityHandlers;
import org.janseva.platform.web.ProblemWriter;
import org.janseva.user.auth.HashedTokenAuthorizationService;
import org.janseva.user.auth.LoginGrantTypes;
import org.janseva.user.auth.Logins;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2RefreshTokenAuthenticationConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.HandlerExceptionResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * user-service as the platform's OAuth2 authorization server (Spring Security 7): JDBC registered
 * clients and authorizations, RS256 tokens signed with the persisted {@link SigningKeys}, the
 * platform's issuer and audience in every token, and its own API checked against the same keys
 * without an HTTP round trip.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuthorizationServerConfiguration {

    /** The claim naming the login an access token belongs to (OpenID's session id claim). */
    static final String LOGIN_ID_CLAIM = "sid";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(PlatformSecurityProperties security) {
        return AuthorizationServerSettings.builder().issuer(security.issuer()).build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    /** The logins and machine tokens in PostgreSQL, their token values only as hashes. */
    @Bean
    OAuth2AuthorizationService authorizationService(
            JdbcOperations jdbc, RegisteredClientRepository registeredClientRepository) {
        return new HashedTokenAuthorizationService(
                new JdbcOAuth2AuthorizationService(jdbc, registeredClientRepository));
    }

    @Bean
    SigningKeys signingKeys(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuthorizationServerProperties properties,
            Clock clock,
            SecureRandom random) {
        return new SigningKeys(
                jdbc,
                transactions,
                new KeyEncryption(properties.keyEncryptionSecret(), random),
                clock,
                properties.keyRotationPeriod(),
                properties.accessTokenTtl(),
                properties.keyCacheTtl());
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeys signingKeys) {
        return new NimbusJwtEncoder(signingKeys.signingSource());
    }

    /** user-service checks tokens on its own API against its own keys, with the platform's rules. */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys signingKeys, PlatformSecurityProperties security) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(signingKeys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(PlatformSecurityAutoConfiguration.tokenValidator(security));
        return decoder;
    }

    /**
     * Every access token is for the platform's audience, whatever client obtained it, and a
     * citizen's names its login ({@value #LOGIN_ID_CLAIM}: the id of the stored authorization,
     * the same for every token its refreshes mint), so that the gateway can refuse the access
     * tokens of a login that was ended before they expire. Machine clients' tokens belong to no
     * stored login and have none.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> platformClaims(PlatformSecurityProperties security) {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                // a mutable list: the JDBC authorization service stores claims with their types
                context.getClaims().audience(new java.util.ArrayList<>(List.of(security.audience())));
                if (context.getAuthorization() != null) {
                    context.getClaims()
                            .claim(LOGIN_ID_CLAIM, context.getAuthorization().getId());
                }
            }
        };
    }

    /** Signed JWT access tokens (with the platform's claims) and opaque refresh tokens. */
    @Bean
    OAuth2TokenGenerator<OAuth2Token> tokenGenerator(
            JwtEncoder jwtEncoder, OAuth2TokenCustomizer<JwtEncodingContext> platformClaims) {
        JwtGenerator jwt = new JwtGenerator(jwtEncoder);
        jwt.setJwtCustomizer(platformClaims);
        return new DelegatingOAuth2TokenGenerator(jwt, new OAuth2RefreshTokenGenerator());
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerFilterChain(
            HttpSecurity http,
            ProblemSecurityHandlers problems,
            Logins logins,
            OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
            AuthorizationServerSettings settings)
            throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        ClientChallenge clientChallenge = new ClientChallenge();
        // the endpoints where a client authenticates; nothing else of this chain asks for it
        RequestMatcher clientEndpoints = new OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, settings.getTokenEndpoint()),
                PathPatternRequestMatcher.withDefaults()
                        .matcher(HttpMethod.POST, settings.getTokenRevocationEndpoint()),
                PathPatternRequestMatcher.withDefaults()
                        .matcher(HttpMethod.POST, settings.getTokenIntrospectionEndpoint()));
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(
                        authorizationServer,
                        server -> server.tokenGenerator(tokenGenerator)
                                .clientAuthentication(client -> client.errorResponseHandler(clientChallenge))
                                .authorizationServerMetadataEndpoint(
                                        metadata -> metadata.authorizationServerMetadataCustomizer(
                                                AuthorizationServerConfiguration::whatIsOffered))
                                .tokenEndpoint(
                                        token -> token.accessTokenRequestConverter(logins.citizenGrantConverter())
                                                .accessTokenRequestConverter(new DefaultClientScopesConverter())
                                                .authenticationProvider(logins.citizenGrantProvider())
                                                // no refresh_token grant here (unsupported_grant_type): the apps
                                                // refresh through Logins.refresh (POST /api/v1/auth/refresh), which
                                                // detects a reused token and takes the account's lock; the
                                                // library's grant here did neither
                                                .accessTokenRequestConverters(converters -> converters.removeIf(
                                                        OAuth2RefreshTokenAuthenticationConverter.class::isInstance))
                                                .authenticationProviders(providers -> providers.removeIf(
                                                        OAuth2RefreshTokenAuthenticationProvider.class::isInstance)))
                                .tokenRevocationEndpoint(revocation ->
                                        revocation.authenticationProviders(providers -> providers.replaceAll(provider ->
                                                provider instanceof OAuth2TokenRevocationAuthenticationProvider
                                                        ? logins.publishingRevocations(provider)
                                                        : provider))))
                .authorizeHttpRequests(rules -> rules.anyRequest().authenticated())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                            if (clientEndpoints.matches(request)) {
                                clientChallenge.commence(request, response, ex);
                            } else {
                                problems.commence(request, response, ex);
                            }
                        })
                        .accessDeniedHandler(problems));
        return http.build();
    }

    /**
     * Answers a failed client authentication as the authorization server's own filter does (401
     * for {@code invalid_client}, else 400; the error code only, no description that would tell
     * why), and adds what RFC 6749 5.2 asks and Spring's filter leaves out: a client that
     * authenticated with the {@code Authorization} header is challenged in the scheme it used
     * ({@code WWW-Authenticate}), so a client library that waits for one to retry with other
     * credentials can.
     *
     * <p>A request with no client credentials at all (or with an {@code Authorization} scheme
     * other than Basic) is answered the same way, 401 {@code invalid_client}, and challenged with
     * the one scheme the endpoints take (5.2 lets a server say which schemes it supports; RFC 9110
     * 15.5.2 wants a challenge on every 401), not with the resource servers' 401 {@code
     * UNAUTHENTICATED} problem: no OAuth2 client reads that, and it asks for a bearer token, which
     * these endpoints never take.
     */
    static final class ClientChallenge implements AuthenticationFailureHandler, AuthenticationEntryPoint {

        static final String CHALLENGE = "Basic realm=\"janseva\", charset=\"UTF-8\"";

        private final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

        @Override
        public void onAuthenticationFailure(
                HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
                throws IOException {
            SecurityContextHolder.clearContext();
            String code = exception instanceof OAuth2AuthenticationException oauth2
                    ? oauth2.getError().getErrorCode()
                    : OAuth2ErrorCodes.INVALID_CLIENT;
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
            write(response, code, OAuth2ErrorCodes.INVALID_CLIENT.equals(code) && basic);
        }

        @Override
        public void commence(
                HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
                throws IOException {
            write(response, OAuth2ErrorCodes.INVALID_CLIENT, true);
        }

        private void write(HttpServletResponse response, String code, boolean challenge) throws IOException {
            ServletServerHttpResponse answer = new ServletServerHttpResponse(response);
            if (OAuth2ErrorCodes.INVALID_CLIENT.equals(code)) {
                answer.setStatusCode(HttpStatus.UNAUTHORIZED);
                if (challenge) {
                    answer.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
                }
            } else {
                answer.setStatusCode(HttpStatus.BAD_REQUEST);
            }
            errors.write(new OAuth2Error(code), null, answer);
        }
    }

    /**
     * The metadata says what the platform offers, not every default of the library: clients
     * authenticate with HTTP Basic only ({@code client_secret_basic}); the grants are
     * {@code client_credentials} and the citizens' OTP and MPIN grants (no authorization code, no
     * token exchange, and no {@code refresh_token} here: the apps refresh through
     * {@code POST /api/v1/auth/refresh}); no mutual TLS, no DPoP. A client library that picked
     * {@code client_secret_post} from the list was refused. The library requires an
     * authorization endpoint and a response type in the metadata, so those stay; the endpoint
     * answers that it is not offered ({@link AuthorizationEndpointRefusal}).
     */
    static void whatIsOffered(OAuth2AuthorizationServerMetadata.Builder metadata) {
        List<String> basicOnly = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue());
        metadata.claims(claims -> {
            claims.put(OAuth2AuthorizationServerMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED, basicOnly);
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.REVOCATION_ENDPOINT_AUTH_METHODS_SUPPORTED, basicOnly);
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.INTROSPECTION_ENDPOINT_AUTH_METHODS_SUPPORTED,
                    basicOnly);
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.GRANT_TYPES_SUPPORTED,
                    List.of(
                            AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(),
                            LoginGrantTypes.OTP.getValue(),
                            LoginGrantTypes.MPIN.getValue()));
            claims.remove(OAuth2AuthorizationServerMetadataClaimNames.CODE_CHALLENGE_METHODS_SUPPORTED);
            claims.remove("tls_client_certificate_bound_access_tokens");
            claims.remove("dpop_signing_alg_values_supported");
        });
    }

    /** Before Spring Security's chain: see {@link AuthorizationEndpointRefusal}. */
    @Bean
    FilterRegistrationBean<AuthorizationEndpointRefusal> authorizationEndpointRefusal() {
        FilterRegistrationBean<AuthorizationEndpointRefusal> registration =
                new FilterRegistrationBean<>(new AuthorizationEndpointRefusal(
                        new ProblemWriter(JsonMapper.builder().build())));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /** Before Spring Security's chain: see {@link AuthorizationServerMethods}. */
    @Bean
    FilterRegistrationBean<AuthorizationServerMethods> authorizationServerMethods(
            AuthorizationServerSettings settings) {
        FilterRegistrationBean<AuthorizationServerMethods> registration =
                new FilterRegistrationBean<>(new AuthorizationServerMethods(
                        settings, new ProblemWriter(JsonMapper.builder().build())));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /**
     * Before Spring Security's chain, whose endpoints (the JWKS, the token endpoint) it covers: see
     * {@link FilterDatabaseOutages}.
     */
    @Bean
    FilterRegistrationBean<FilterDatabaseOutages> filterDatabaseOutages(
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        FilterRegistrationBean<FilterDatabaseOutages> registration =
                new FilterRegistrationBean<>(new FilterDatabaseOutages(resolver));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /** At start (after Flyway): the first signing key if none exists, and the registered clients. */
    @Bean
    ApplicationRunner authorizationServerBootstrap(
            SigningKeys signingKeys,
            RegisteredClientRepository clients,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuthorizationServerProperties properties,
            SecureRandom random) {
        RegisteredClients registeredClients = new RegisteredClients(clients, jdbc, properties, random);
        return args -> {
            signingKeys.rotateIfDue();
            transactions.executeWithoutResult(status -> {
                // one instance at a time rewrites the client table
                jdbc.sql("select pg_advisory_xact_lock(?)")
                        .param(0x4a616e5365766102L)
                        .query()
                        .singleRow();
                registeredClients.synchronise();
            });
        };
    }

    @Bean
    KeyRotation keyRotation(SigningKeys signingKeys) {
        return new KeyRotation(signingKeys);
    }

    /** Rotates the signing key when it is due (checked hourly; the table lock makes one instance do it). */
    static final class KeyRotation {

        private final SigningKeys signingKeys;

        KeyRotation(SigningKeys signingKeys) {
            this.signingKeys = signingKeys;
        }

        @Scheduled(initialDelayString = "PT1H", fixedDelayString = "PT1H")
        void rotateIfDue() {
            signingKeys.rotateIfDue();
        }
    }
}
