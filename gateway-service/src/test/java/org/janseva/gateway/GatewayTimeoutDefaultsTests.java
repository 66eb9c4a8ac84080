package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.janseva.gateway.system.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The time limits the gateway ships with ({@code application.yml}): without them Reactor Netty
 * keeps an idle connection, half-sent headers and a stalled body open for ever. The integration
 * tests set them low, so this checks what production gets.
 */
class GatewayTimeoutDefaultsTests {

    @Test
    void shouldShipTimeLimitsForIdleConnectionsHeadersAndBodies() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        List<PropertySource<?>> yaml =
                new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        yaml.forEach(environment.getPropertySources()::addLast);
        Binder binder = Binder.get(environment);

        assertThat(binder.bind("server.netty.idle-timeout", Duration.class).get())
                .isEqualTo(Duration.ofSeconds(60));
        GatewayProperties gateway =
                binder.bind("platform.gateway", GatewayProperties.class).get();
        assertThat(gateway.headersTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(gateway.bodyTimeout()).isEqualTo(Duration.ofSeconds(15));
    }
}
