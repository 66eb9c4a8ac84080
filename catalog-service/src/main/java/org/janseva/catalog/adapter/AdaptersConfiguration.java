package org.janseva.catalog.adapter;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wiring of the adapter layer that is not a plain component. */
@Configuration(proxyBeanMethods = false)
class AdaptersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdaptersConfiguration.class);

    /** The platform's services a department URL may never point at (the simulator is not one). */
    private static final List<String> OWN_SERVICES = List.of("user", "catalog", "payment", "gateway");

    private static final Pattern JDBC_HOSTS = Pattern.compile("^jdbc:[a-z]+://([^/?]+)");

    @Bean
    SettingsCipher settingsCipher(AdaptersProperties properties) {
        if (properties.settingsKeys().isEmpty()) {
            log.warn("No key to encrypt adapter secrets is configured (platform.catalog.adapters.settings-keys): "
                    + "departments without secrets work, saving or calling one with a secret fails");
        }
        return new SettingsCipher(properties.settingsKeys(), properties.activeSettingsKey(), new SecureRandom());
    }

    /**
     * The SSRF guard, knowing the platform's own services ({@code platform.services.*}) and this
     * service's database, which no department URL may point at.
     */
    @Bean
    OutboundAddressGuard outboundAddressGuard(OutboundProperties properties, Environment environment) {
        List<Map.Entry<String, String>> own = new ArrayList<>();
        for (String service : OWN_SERVICES) {
            String url = environment.getProperty("platform.services." + service);
            if (url != null) {
                own.add(Map.entry(service + "-service", url));
            }
        }
        String jdbcUrl = environment.getProperty("spring.datasource.url");
        Matcher hosts = jdbcUrl == null ? null : JDBC_HOSTS.matcher(jdbcUrl);
        if (hosts != null && hosts.find()) {
            for (String host : hosts.group(1).split(",")) {
                own.add(Map.entry("database", "tcp://" + (host.contains(":") ? host : host + ":5432")));
            }
        }
        return OutboundAddressGuard.of(properties, own);
    }

    /** This process's own ports (HTTP and management), known once its web servers listen. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> ownPortsOfTheOutboundGuard(OutboundAddressGuard guard) {
        return event -> guard.ownPort(event.getWebServer().getPort());
    }
}
