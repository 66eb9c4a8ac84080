package org.janseva.platform.test;

import java.util.List;
import java.util.Map;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Applies {@link EmbeddedPostgresTest}: registered in {@code META-INF/spring.factories}. */
public class EmbeddedPostgresContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedPostgresTest annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedPostgresTest.class);
        return annotation == null ? null : new Customizer(annotation.database());
    }

    private record Customizer(String database) implements ContextCustomizer {

        @Override
        public void customizeContext(
                org.springframework.context.ConfigurableApplicationContext context,
                org.springframework.test.context.MergedContextConfiguration mergedConfig) {
            SharedEmbeddedPostgres.Server server = SharedEmbeddedPostgres.get();
            Map<String, Object> properties = Map.of(
                    "spring.datasource.url", server.jdbcUrl(database),
                    "spring.datasource.username", server.username(),
                    "spring.datasource.password", server.password());
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("embeddedPostgres", properties));
        }
    }
}
