package org.janseva.catalog.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.InvocationRequest;
import org.janseva.adapter.spi.ProbeResult;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;
import org.junit.jupiter.api.Test;

class AdapterRegistryTests {

    /** A minimal adapter type, for the registry's own rules. */
    record FixedAdapter(String type) implements DepartmentAdapter {

        @Override
        public String description() {
            return "test type";
        }

        @Override
        public List<SettingDescriptor> settings() {
            return List.of(
                    SettingDescriptor.required("baseUrl", SettingDescriptor.Kind.URL, "where"),
                    SettingDescriptor.oneOf("mode", List.of("fast", "slow"), "how", "fast"),
                    SettingDescriptor.optional("flags", SettingDescriptor.Kind.OBJECT, "anything"),
                    SettingDescriptor.secret("auth.token", "a token"));
        }

        @Override
        public List<SettingProblem> validate(AdapterSettings settings) {
            return List.of();
        }

        @Override
        public AdapterResponse invoke(InvocationRequest request, AdapterSettings settings) {
            return AdapterResponse.success(200, Map.of(), Map.of());
        }

        @Override
        public ProbeResult probe(AdapterSettings settings) {
            return ProbeResult.reachable(Duration.ZERO, "fine");
        }
    }

    @Test
    void shouldRefuseToStartWithTwoAdaptersClaimingOneTypeKey() {
        assertThatThrownBy(() ->
                        new AdapterRegistry(List.of(new FixedAdapter("rest-json"), new FixedAdapter("rest-json"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'rest-json'");
    }

    @Test
    void shouldRefuseATypeKeyThatIsNotKebabCase() {
        assertThatThrownBy(() -> new AdapterRegistry(List.of(new FixedAdapter("RestJson"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kebab-case");
    }

    @Test
    void shouldNameTheInstalledTypesWhenOneIsUnknown() {
        AdapterRegistry registry = new AdapterRegistry(List.of(new FixedAdapter("b-type"), new FixedAdapter("a-type")));

        assertThat(registry.adapters()).extracting(DepartmentAdapter::type).containsExactly("a-type", "b-type");
        assertThatThrownBy(() -> registry.adapter("c-type"))
                .isInstanceOf(UnknownAdapterTypeException.class)
                .hasMessageContaining("[a-type, b-type]");
    }

    @Test
    void shouldListTheCommonSettingsBeforeTheTypesOwn() {
        AdapterRegistry registry = new AdapterRegistry(List.of(new FixedAdapter("a-type")));

        assertThat(registry.settingsOf("a-type"))
                .extracting(SettingDescriptor::name)
                .containsExactly("timeoutMs", "maxConcurrentCalls", "baseUrl", "mode", "flags", "auth.token");
    }

    @Test
    void shouldCheckEverySettingAgainstItsDescriptor() {
        AdapterRegistry registry = new AdapterRegistry(List.of(new FixedAdapter("a-type")));
        Map<String, Object> settings = Map.of(
                "baseUrl",
                "ftp://files.example",
                "mode",
                "medium",
                "timeoutMs",
                60_000,
                "maxConcurrentCalls",
                2.5,
                "flags",
                Map.of("anything", Map.of("goes", 1)),
                "auth",
                Map.of("token", "t", "extra", 1),
                "timeout",
                5);

        List<SettingProblem> problems = registry.validate("a-type", new AdapterSettings("D", settings));

        assertThat(problems)
                .extracting(SettingProblem::setting)
                .containsExactlyInAnyOrder(
                        "baseUrl", "mode", "timeoutMs", "maxConcurrentCalls", "auth.extra", "timeout");
        assertThat(registry.validate("a-type", new AdapterSettings("D", Map.of("baseUrl", "https://x.example/api"))))
                .isEmpty();
    }
}
