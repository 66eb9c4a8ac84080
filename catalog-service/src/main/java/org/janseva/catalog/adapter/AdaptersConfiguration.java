package org.janseva.catalog.adapter;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the adapter layer that is not a plain component. */
@Configuration(proxyBeanMethods = false)
class AdaptersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdaptersConfiguration.class);

    @Bean
    SettingsCipher settingsCipher(AdaptersProperties properties) {
        if (properties.settingsKeys().isEmpty()) {
            log.warn("No key to encrypt adapter secrets is configured (platform.catalog.adapters.settings-keys): "
                    + "departments without secrets work, saving or calling one with a secret fails");
        }
        return new SettingsCipher(properties.settingsKeys(), properties.activeSettingsKey(), new SecureRandom());
    }
}
