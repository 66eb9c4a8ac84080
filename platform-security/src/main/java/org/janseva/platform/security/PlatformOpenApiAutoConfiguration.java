package org.janseva.platform.security;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.filters.OpenApiMethodFilter;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI documents of a servlet service.
 *
 * <ul>
 *   <li>{@code /v3/api-docs} is the public document, the one the gateway serves at
 *       {@code /v3/api-docs/<service>} and clients build against: the service's API without its
 *       {@code /internal/**} endpoints, which the gateway never routes (the error page is hidden
 *       by platform-web). Its server is the gateway's public URL, whatever address the request
 *       came to ({@link #platformOpenApi}).
 *   <li>Both declare the bearer scheme ({@value #BEARER}: a JWT from user-service), and each
 *       operation that needs a token says so, with the scopes it needs, from the same rules the
 *       security filter chain enforces ({@link TokenRules}), and documents the refusals that follow:
 *       401 {@code UNAUTHENTICATED}, and 403 {@code FORBIDDEN} when it needs a scope.
 *   <li>{@code /v3/api-docs/internal} describes the {@code /internal/**} endpoints other services
 *       call with a service token (scope {@code service}). It is served by the service itself
 *       only: the gateway routes no path to it.
 * </ul>
 */
@AutoConfiguration(after = PlatformSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springdoc.core.models.GroupedOpenApi")
public class PlatformOpenApiAutoConfiguration {

    /** The group of the service-to-service endpoints: {@code /v3/api-docs/internal}. */
    static final String INTERNAL_GROUP = "internal";

    /**
     * The documents' title, description and server. springdoc names the address a request for the
     * document came to as the server: fetched through the gateway, that was the service's own
     * internal address (the gateway forwards the backend's {@code Host}: {@code
     * http://user-service:8082} on Kubernetes), which no client can reach. The public document
     * names the platform's issuer ({@code platform.security.issuer}) instead: every deployment sets
     * it to the URL clients reach the gateway at (where they get their tokens, and what every
     * token names), and every public path of a service is the same path there. A fixed setting,
     * not the {@code X-Forwarded-*} headers, so that no client can make the document name another
     * host.
     */
    @Bean
    @ConditionalOnMissingBean
    OpenAPI platformOpenApi(
            PlatformSecurityProperties security, Environment environment, ObjectProvider<BuildProperties> build) {
        String issuer = security.issuer().endsWith("/")
                ? security.issuer().substring(0, security.issuer().length() - 1)
                : security.issuer();
        BuildProperties buildProperties = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info()
                        .title(environment.getProperty("spring.application.name", "janseva"))
                        .description(environment.getProperty("info.app.description"))
                        .version(buildProperties != null ? buildProperties.getVersion() : "v1"))
                .servers(List.of(new Server()
                        .url(issuer)
                        .description("the gateway (platform.security.issuer): the platform's only public entry")));
    }

    /** The name of the bearer-token scheme in every document. */
    static final String BEARER = "bearer";

    /**
     * The bearer scheme, and a requirement of it on each operation that needs a token, in every
     * document: the paths the service declares open ({@code platform.security.public-paths}, and
     * the operational ones) get an empty one ({@code security: []}: no token needed), the others
     * get {@code bearer} with the scopes they need
     * ({@code platform.security.scoped-paths}, {@code service} on {@code /internal/**}, none for
     * "any valid token"). An operation that declares its own security
     * ({@code @SecurityRequirement}) keeps it. Each operation that needs a token then documents its
     * refusals ({@link #documentRefusals}).
     */
    @Bean
    GlobalOpenApiCustomizer platformOpenApiSecurity(PlatformSecurityProperties security) {
        TokenRules rules = new TokenRules(security);
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.components(new Components());
            }
            if (openApi.getComponents().getSecuritySchemes() == null
                    || !openApi.getComponents().getSecuritySchemes().containsKey(BEARER)) {
                openApi.getComponents().addSecuritySchemes(BEARER, bearerScheme());
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        declareSecurity(rules, path, method, operation);
                        documentRefusals(operation);
                    }));
        };
    }

    /**
     * Documents, on an operation that needs the bearer token, the answers the security filter chain
     * gives: 401 {@code UNAUTHENTICATED} without a valid token and, when it needs one of some scopes,
     * 403 {@code FORBIDDEN} for a token without them (no 403 for "any valid token": the chain has no
     * reason to refuse one). An operation that documents a status itself (with its own codes, such
     * as {@code INVALID_CREDENTIALS} or {@code CHANNEL_NOT_SUPPORTED}) keeps its words. Done here,
     * where the requirement is decided, so that no controller has to repeat it (the admin
     * operations of catalog-service said {@code bearer [admin]} and documented neither).
     */
    private static void documentRefusals(Operation operation) {
        Optional<Set<String>> scopes = bearerScopes(operation);
        if (scopes.isEmpty()) {
            return;
        }
        ApiResponses documented = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
        boolean unauthenticated = !documented.containsKey("401");
        boolean forbidden = !scopes.get().isEmpty() && !documented.containsKey("403");
        if (!unauthenticated && !forbidden) {
            return;
        }
        List<Map.Entry<String, ApiResponse>> answers = new ArrayList<>(documented.entrySet());
        if (unauthenticated) {
            answers.add(Map.entry("401", problemAnswer("UNAUTHENTICATED")));
        }
        if (forbidden) {
            answers.add(Map.entry("403", problemAnswer("FORBIDDEN: no scope " + String.join(" or ", scopes.get()))));
        }
        answers.sort(Comparator.comparing((Map.Entry<String, ApiResponse> answer) ->
                        !answer.getKey().matches("\\d{3}"))
                .thenComparing(Map.Entry::getKey));
        // a new object, in status order: springdoc may share one between operations
        ApiResponses responses = new ApiResponses();
        answers.forEach(answer -> responses.addApiResponse(answer.getKey(), answer.getValue()));
        responses.setExtensions(documented.getExtensions());
        operation.setResponses(responses);
    }

    /**
     * @return the scopes of which a token must carry one (empty: any valid token), or nothing when
     *     the operation needs no bearer token
     */
    private static Optional<Set<String>> bearerScopes(Operation operation) {
        if (operation.getSecurity() == null) {
            return Optional.empty();
        }
        Set<String> scopes = new TreeSet<>();
        boolean bearer = false;
        for (SecurityRequirement requirement : operation.getSecurity()) {
            List<String> needed = requirement.get(BEARER);
            if (needed == null) {
                continue;
            }
            if (needed.isEmpty()) {
                // one alternative takes any valid token: no scope can be missing
                return Optional.of(Set.of());
            }
            bearer = true;
            scopes.addAll(needed);
        }
        return bearer ? Optional.of(scopes) : Optional.empty();
    }

    private static ApiResponse problemAnswer(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content().addMediaType("application/problem+json", new MediaType()));
    }

    private static void declareSecurity(
            TokenRules rules, String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getSecurity() != null) {
            return;
        }
        // an open operation says so (an empty list) rather than saying nothing
        operation.setSecurity(new ArrayList<>());
        rules.scopesNeeded(HttpMethod.valueOf(method.name()), path)
                .ifPresent(scopes -> operation.addSecurityItem(new SecurityRequirement().addList(BEARER, scopes)));
    }

    private static SecurityScheme bearerScheme() {
        return new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("An access token from user-service, as Authorization: Bearer <token>: a citizen's "
                        + "from POST /api/v1/auth/login, /register or /refresh; a machine client's from POST "
                        + "/oauth2/token (client_credentials). An operation that needs one lists this scheme "
                        + "with the scopes the token must carry one of (citizen, admin, service, revocations, "
                        + "erasure; none: any valid token); without a valid token it answers 401 UNAUTHENTICATED, without the "
                        + "scope 403 FORBIDDEN. When the token cannot be checked just now (the service cannot fetch "
                        + "user-service's keys), any operation that takes one answers 503 AUTHENTICATION_UNAVAILABLE with "
                        + "Retry-After: the token may be fine, send it again then.");
    }

    /**
     * Jackson's {@link JsonNode} (Jackson 3's, which springdoc does not know: it replaces only
     * Jackson 2's {@code ObjectNode}) as a free-form JSON object. Without this, a body or a field
     * read or written as a {@code JsonNode} (an operation's inputs, an input schema, a merge patch)
     * was documented as the class's getters ({@code nodeType}, {@code pojo}, {@code bigDecimal}...).
     * The platform's APIs take and give JSON objects only; an operation whose object has known
     * members documents them itself ({@code @Schema(implementation = ...)}).
     */
    @Bean
    ModelConverter platformJsonNodeAsObject() {
        return new JsonNodeAsObject();
    }

    static final class JsonNodeAsObject implements ModelConverter {

        @Override
        public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
            JavaType javaType = Json.mapper().constructType(type.getType());
            if (javaType != null && JsonNode.class.isAssignableFrom(javaType.getRawClass())) {
                Schema<?> object = new ObjectSchema();
                object.addType("object");
                return object;
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        }
    }

    /** The public document leaves out every handler all of whose paths are internal. */
    @Bean
    OpenApiMethodFilter platformPublicOpenApiMethods(ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
        InternalHandlers internal = new InternalHandlers(handlerMappings);
        return method -> !internal.contains(method);
    }

    @Bean
    GroupedOpenApi platformInternalOpenApi() {
        return GroupedOpenApi.builder()
                .group(INTERNAL_GROUP)
                .pathsToMatch(PlatformSecurityAutoConfiguration.INTERNAL_PATHS)
                .addOpenApiCustomizer(openApi -> {
                    Info info = openApi.getInfo() != null ? openApi.getInfo() : new Info();
                    openApi.info(info.description("Service-to-service endpoints (a service token: scope service unless "
                            + "an operation names another). "
                            + "Served by this service only: the gateway routes none of them."));
                    // relative: the service's own address, which is where these endpoints are
                    openApi.servers(List.of(new Server().url("/").description("this service")));
                })
                .build();
    }

    /**
     * Which operations need a token, decided as the security filter chain decides it (first
     * matching rule wins): the operational paths are open, then the scoped paths need their
     * scopes, the public paths are open, {@code /internal/**} needs scope {@code service} and
     * everything else any valid token. The paths are the document's templates
     * ({@code /api/v1/payments/{paymentId}}): a {@code {variable}} segment matches a pattern's
     * wildcard but not its literal segment. Rules a {@link PlatformAuthorizationCustomizer} adds
     * in code are not seen; a service with one declares its operations' security itself.
     */
    static final class TokenRules {

        private record Rule(HttpMethod method, PathPattern pattern, List<String> scopes, boolean open) {

            boolean matches(HttpMethod requested, PathContainer path) {
                return (method == null
                                || method.equals(requested)
                                || (method.equals(HttpMethod.GET) && requested.equals(HttpMethod.HEAD)))
                        && pattern.matches(path);
            }
        }

        private final List<Rule> rules = new ArrayList<>();

        TokenRules(PlatformSecurityProperties properties) {
            for (String entry : PlatformSecurityAutoConfiguration.OPERATIONAL_PATHS) {
                add(entry, List.of(), true);
            }
            for (PlatformSecurityProperties.ScopedPath scoped : properties.scopedPaths()) {
                List<String> scopes = scoped.scopes().stream().sorted().toList();
                if (scoped.methods().isEmpty()) {
                    add(scoped.pattern(), scopes, false);
                }
                for (String method : scoped.methods()) {
                    add(method + " " + scoped.pattern(), scopes, false);
                }
            }
            for (String entry : properties.publicPaths()) {
                add(entry, List.of(), true);
            }
            add(PlatformSecurityAutoConfiguration.INTERNAL_PATHS, List.of(PlatformScopes.SERVICE), false);
        }

        private void add(String entry, List<String> scopes, boolean open) {
            String trimmed = entry.strip();
            int space = trimmed.indexOf(' ');
            HttpMethod method =
                    space > 0 ? HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase(Locale.ROOT)) : null;
            String pattern = space > 0 ? trimmed.substring(space + 1).strip() : trimmed;
            rules.add(new Rule(method, PathPatternParser.defaultInstance.parse(pattern), scopes, open));
        }

        /**
         * @param method the operation's method
         * @param path the operation's path template
         * @return the scopes of which a token must carry one (empty: any valid token), or nothing
         *     when the operation needs no token
         */
        Optional<List<String>> scopesNeeded(HttpMethod method, String path) {
            PathContainer container = PathContainer.parsePath(path);
            for (Rule rule : rules) {
                if (rule.matches(method, container)) {
                    return rule.open() ? Optional.empty() : Optional.of(rule.scopes());
                }
            }
            return Optional.of(List.of());
        }
    }

    /** The handler methods mapped to internal paths only, found once the mappings are complete. */
    static final class InternalHandlers {

        private final ObjectProvider<RequestMappingHandlerMapping> handlerMappings;
        private volatile Set<Method> methods;

        InternalHandlers(ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
            this.handlerMappings = handlerMappings;
        }

        boolean contains(Method method) {
            Set<Method> found = methods;
            if (found == null) {
                found = new HashSet<>();
                for (RequestMappingHandlerMapping mapping : handlerMappings) {
                    for (Map.Entry<RequestMappingInfo, HandlerMethod> handler :
                            mapping.getHandlerMethods().entrySet()) {
                        if (isInternal(handler.getKey())) {
                            found.add(handler.getValue().getMethod());
                        }
                    }
                }
                methods = found;
            }
            return found.contains(method);
        }

        private static boolean isInternal(RequestMappingInfo info) {
            Set<String> patterns = info.getPatternValues();
            return !patterns.isEmpty()
                    && patterns.stream().allMatch(p -> p.equals("/internal") || p.startsWith("/internal/"));
        }
    }
}
