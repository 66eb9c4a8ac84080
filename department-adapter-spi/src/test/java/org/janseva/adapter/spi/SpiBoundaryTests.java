package org.janseva.adapter.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.Map;
import org.janseva.platform.test.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class SpiBoundaryTests {

    private final JavaClasses spi = ModuleBoundaries.importProductionClasses("org.janseva.adapter.spi");

    @Test
    void shouldDependOnTheJdkAlone() {
        classes()
                .that()
                .resideInAPackage("org.janseva.adapter.spi..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.janseva.adapter.spi..")
                .check(spi);
    }

    @Test
    void shouldReadNestedSettingsByDottedPath() {
        AdapterSettings settings = new AdapterSettings(
                "EPFO", Map.of("baseUrl", "https://epfo.example", "auth", Map.of("type", "api-key", "timeoutMs", 900)));

        assertThat(settings.string("auth.type")).contains("api-key");
        assertThat(settings.integer("auth.timeoutMs", 3000)).isEqualTo(900);
        assertThat(settings.integer("missing", 3000)).isEqualTo(3000);
        assertThat(settings.find("baseUrl.nested")).isEmpty();
        assertThat(settings.map("auth")).containsEntry("type", "api-key");
    }
}
