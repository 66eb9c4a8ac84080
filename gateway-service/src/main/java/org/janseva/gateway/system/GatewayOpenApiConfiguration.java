package org.janseva.gateway.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway's own OpenAPI document ({@code /v3/api-docs}). The gateway has no operations of its
 * own: it routes every public path to a service, and serves each service's document, the one
 * clients build against, at {@code /v3/api-docs/<service>}. Its own document says so and names
 * them (the list of the Swagger UI, {@code springdoc.swagger-ui.urls}), instead of being an empty
 * "OpenAPI definition". Its server is the gateway's public URL, the issuer
 * ({@code platform.security.issuer}), as in the services' documents: springdoc would name the
 * {@code Host} the request came with, which any client chooses.
 */
@Configuration(proxyBeanMethods = false)
class GatewayOpenApiConfiguration {

    /** An entry of {@code springdoc.swagger-ui.urls}: a service and where its document is. */
    record ServiceDocument(String name, String url) {}

    @Bean
    OpenAPI gatewayOpenApi(Environment environment, ObjectProvider<BuildProperties> build) {
        List<ServiceDocument> documents = Binder.get(environment)
                .bind("springdoc.swagger-ui.urls", Bindable.listOf(ServiceDocument.class))
                .orElse(List.of());
        BuildProperties buildProperties = build.getIfAvailable();
        String issuer = environment.getRequiredProperty("platform.security.issuer");
        if (issuer.endsWith("/")) {
            issuer = issuer.substring(0, issuer.length() - 1);
        }
        return new OpenAPI()
                .servers(List.of(new Server()
                        .url(issuer)
                        .description("the gateway (platform.security.issuer): the platform's only public entry")))
                .info(new Info()
                        .title(environment.getProperty("spring.application.name", "gateway-service"))
                        .description("The platform's only public entry. It has no operations of its own: it "
                                + "routes each public path to the service that answers it, and each service's "
                                + "document, at this gateway, is the one to build against:\n\n"
                                + documents.stream()
                                        .map(d -> "- " + d.name() + ": " + d.url())
                                        .collect(Collectors.joining("\n")))
                        .version(buildProperties != null ? buildProperties.getVersion() : "v1"));
    }
}
