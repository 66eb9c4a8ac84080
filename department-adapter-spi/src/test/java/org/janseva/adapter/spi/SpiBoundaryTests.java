package org.janseva.adapter.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    @Test
    void shouldNeverPrintSettingValuesInToString() {
        AdapterSettings settings = new AdapterSettings(
                "EPFO", Map.of("auth", Map.of("type", "basic", "password", "s3cr3t-pa55"), "enabled", true));

        assertThat(settings.toString()).contains("EPFO").doesNotContain("s3cr3t-pa55");
        assertThat(settings.bool("enabled", false)).isTrue();
        assertThat(settings.bool("missing", true)).isTrue();
    }

    @Test
    void shouldNeverPrintTheCitizensInputOrAnswerInToString() {
        OperationSpec operation = new OperationSpec("passbook", "GET", "/passbook/{uan}", Map.of(), true, Map.of());
        InvocationRequest request = new InvocationRequest(
                "EPFO", "EPFO-PASSBOOK", operation, Map.of("uan", "100200300400"), "r-1", Duration.ofSeconds(3));
        AdapterResponse response =
                AdapterResponse.success(200, Map.of("pan", "ABCDE1234F"), Map.of("pan", "ABCDE1234F"));

        assertThat(request.toString()).contains("uan").doesNotContain("100200300400");
        assertThat(response.toString()).contains("pan").doesNotContain("ABCDE1234F");
    }

    @Test
    void shouldAcceptOnlyUpperSnakeRefusalCodes() {
        Refusal refusal = new Refusal(Refusal.Kind.NOT_FOUND, "CONSUMER_NOT_FOUND", "No such consumer.");

        assertThat(refusal.kind().status()).isEqualTo(404);
        assertThat(AdapterResponse.refused(200, null, refusal).isRefusal()).isTrue();
        assertThatThrownBy(() -> new Refusal(Refusal.Kind.UNPROCESSABLE, "no bill", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRequireAnEnumSettingToListItsValues() {
        assertThat(SettingDescriptor.oneOf("auth.type", List.of("none", "basic"), "how", "none")
                        .required())
                .isFalse();
        assertThatThrownBy(() -> new SettingDescriptor(
                        "auth.type", SettingDescriptor.Kind.ENUM, true, false, "how", List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepAFailedCallsAnswerCappedAndOutOfMessagesAndToString() {
        byte[] body = ("{\"error\": \"ORA-12541\"}" + " ".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        DepartmentCallException failure = new DepartmentCallException(
                DepartmentCallException.Kind.SERVER_ERROR,
                503,
                "Department X answered 503",
                DepartmentCallException.Answer.of(503, body));

        DepartmentCallException.Answer answer = failure.answer().orElseThrow();
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).hasSize(DepartmentCallException.Answer.MAX_BYTES);
        assertThat(answer.truncated()).isTrue();
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).startsWith("{\"error\": \"ORA-12541\"}");
        assertThat(failure.getMessage() + failure + answer).doesNotContain("ORA-12541");

        body[2] = 'X';
        answer.body()[3] = 'X';
        assertThat(answer.body()[2]).as("copied in").isEqualTo((byte) 'e');
        assertThat(answer.body()[3]).as("copied out").isEqualTo((byte) 'r');
        assertThat(DepartmentCallException.Answer.of(200, new byte[10]).truncated())
                .isFalse();
        assertThat(new DepartmentCallException(DepartmentCallException.Kind.TIMEOUT, 0, "late").answer())
                .isEmpty();
    }
}
