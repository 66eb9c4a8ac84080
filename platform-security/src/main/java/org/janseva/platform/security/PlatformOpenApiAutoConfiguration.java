package org.janseva.platform.security;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI documents of a servlet service.
 *
 * <ul>
 *   <li>{@code /v3/api-docs} is the public document, the one the gateway serves at
 *       {@code /v3/api-docs/<service>} and clients build against: the service's API without its
 *       {@code /internal/**} endpoints, which the gateway never routes (the error page is hidden
 *       by platform-web). Its server is the gateway's public URL, whatever address the request
 *       came to ({@link #platformOpenApi}).
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
                    openApi.info(info.description("Service-to-service endpoints (a service token, scope service). "
                            + "Served by this service only: the gateway routes none of them."));
                    // relative: the service's own address, which is where these endpoints are
                    openApi.servers(List.of(new Server().url("/").description("this service")));
                })
                .build();
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
