package org.janseva.platform.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code platform-defaults.yml} (actuator exposure, probes, graceful shutdown, structured
 * logs with PII masking, error handling) to every process at the LOWEST precedence, so that a
 * service's own {@code application.yml}, profiles and environment variables override any of it.
 * A {@code spring.config.import} would do the opposite: imported files win over the importer.
 */
public class PlatformDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String RESOURCE = "platform-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            List<PropertySource<?>> sources =
                    new YamlPropertySourceLoader().load("platformDefaults", new ClassPathResource(RESOURCE));
            sources.forEach(environment.getPropertySources()::addLast);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, ex);
        }
    }

    @Override
    public int getOrder() {
        // after the config data processor, so that addLast really is last
        return Ordered.LOWEST_PRECEDENCE;
    }
}
