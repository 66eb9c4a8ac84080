package org.janseva.catalog.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.InvocationRequest;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.ProbeResult;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * What every adapter type must do, checked over real HTTP against a stub department: a stable
 * kebab-case key, described settings with the secrets marked, validation that names the missing
 * setting, secrets that appear in no answer, message or log line, the call's timeout honoured,
 * failures classified (server errors, garbage, well-formed answers of the wrong shape, oversized
 * answers, redirects never followed), and a
 * probe. An adapter type's test extends this class and adds its own behaviour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DepartmentAdapterContract {

    protected StubHttpServer department;
    protected DepartmentHttp http;
    private ListAppender<ILoggingEvent> logs;

    /** @return the adapter under test, built on {@link #http} */
    protected abstract DepartmentAdapter adapter();

    /**
     * @return valid settings for a department at that base URL, with {@link #secret()} as an API
     *     key sent in a header
     */
    protected abstract Map<String, Object> settings(URI baseUrl);

    /** @return the secret inside {@link #settings}; it must reach the department, and nothing else */
    protected abstract String secret();

    /** @return an operation of the type, with the input {@link #input()} */
    protected abstract OperationSpec operation();

    /** @return a valid input of {@link #operation()} */
    protected abstract Map<String, Object> input();

    /** @return a successful department answer to {@link #operation()}, as JSON */
    protected abstract String successfulAnswer();

    @BeforeAll
    void startDepartment() {
        department = StubHttpServer.start();
        http = AdapterTestSupport.http();
    }

    @AfterAll
    void stopDepartment() {
        department.close();
        http.destroy();
    }

    @BeforeEach
    void captureLogs() {
        department.clearRequests();
        department.otherwise(Answer.json(successfulAnswer()));
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void checkNoSecretWasLogged() {
        root().detachAppender(logs);
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).as("a log line").doesNotContain(secret());
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    protected AdapterSettings adapterSettings() {
        return new AdapterSettings("DEPT", settings(department.baseUri()));
    }

    protected AdapterSettings adapterSettings(URI baseUrl) {
        return new AdapterSettings("DEPT", settings(baseUrl));
    }

    protected InvocationRequest request(Duration timeout) {
        return AdapterTestSupport.request("DEPT", operation(), input(), timeout);
    }

    protected AdapterResponse invoke() {
        return adapter().invoke(request(Duration.ofSeconds(3)), adapterSettings());
    }

    protected AdapterRegistry registry() {
        return new AdapterRegistry(List.of(adapter()));
    }

    @Test
    void shouldHaveAStableKebabCaseTypeKeyAndADescription() {
        assertThat(adapter().type()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        assertThat(adapter().description()).isNotBlank();
    }

    @Test
    void shouldDescribeItsSettingsWithUniqueNamesAndMarkItsSecrets() {
        List<SettingDescriptor> settings = adapter().settings();
        Set<String> names = new HashSet<>();
        settings.forEach(setting -> assertThat(names.add(setting.name()))
                .as("unique " + setting.name())
                .isTrue());
        assertThat(settings).anyMatch(SettingDescriptor::secret);
        assertThat(settings)
                .allSatisfy(setting -> assertThat(setting.description()).isNotBlank());
    }

    @Test
    void shouldAcceptValidSettings() {
        assertThat(registry().validate(adapter().type(), adapterSettings())).isEmpty();
        assertThat(adapter().validateOperation(operation())).isEmpty();
    }

    @Test
    void shouldNameEveryMissingRequiredSetting() {
        for (SettingDescriptor required : adapter().settings().stream()
                .filter(SettingDescriptor::required)
                .toList()) {
            Map<String, Object> settings = new LinkedHashMap<>(settings(department.baseUri()));
            settings.remove(required.name());
            List<SettingProblem> problems =
                    registry().validate(adapter().type(), new AdapterSettings("DEPT", settings));
            assertThat(problems).extracting(SettingProblem::setting).contains(required.name());
        }
    }

    @Test
    void shouldRefuseAnUnknownSetting() {
        Map<String, Object> settings = new LinkedHashMap<>(settings(department.baseUri()));
        settings.put("timeoutMS", 100);

        assertThat(registry().validate(adapter().type(), new AdapterSettings("DEPT", settings)))
                .extracting(SettingProblem::setting)
                .contains("timeoutMS");
    }

    @Test
    void shouldSendTheSecretToTheDepartmentAndShowItNowhereElse() {
        AdapterResponse response = invoke();

        assertThat(response.isRefusal()).isFalse();
        assertThat(department.requests()).isNotEmpty();
        assertThat(department
                        .requests()
                        .get(department.requests().size() - 1)
                        .headers()
                        .toString())
                .as("the department receives the credentials")
                .contains(secret());
        assertThat(adapterSettings().toString()).doesNotContain(secret());
        assertThat(String.valueOf(response.data()) + response.jsonText()).doesNotContain(secret());

        department.otherwise(Answer.json(500, "{\"error\": \"internal\"}"));
        assertThatThrownBy(this::invoke)
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(secret()));
        ProbeResult probe = adapter().probe(adapterSettings());
        assertThat(probe.message()).doesNotContain(secret());
    }

    @Test
    void shouldHonourTheCallsTimeout() {
        department.otherwise(Answer.json(successfulAnswer()).delayedBy(2_000));

        assertThatThrownBy(() -> adapter().invoke(request(Duration.ofMillis(300)), adapterSettings()))
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.TIMEOUT));
    }

    @Test
    void shouldFailOnAServerErrorWithoutRepeatingTheDepartmentsText() {
        department.otherwise(Answer.json(503, "{\"error\": \"ORA-12541: TNS:no listener\"}"));

        assertThatThrownBy(this::invoke).isInstanceOfSatisfying(DepartmentCallException.class, ex -> {
            assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.SERVER_ERROR);
            assertThat(ex.departmentStatus()).isEqualTo(503);
            assertThat(ex.getMessage()).doesNotContain("ORA-12541");
            assertThat(ex.toString()).doesNotContain("ORA-12541");
            assertKeptForDryRuns(ex, 503, "ORA-12541");
        });
    }

    /**
     * @return whether the adapter keeps the department's answer in its failures (for dry runs); an
     *     adapter that cannot may answer {@code false}
     */
    protected boolean keepsTheDepartmentsAnswer() {
        return true;
    }

    private void assertKeptForDryRuns(DepartmentCallException ex, int status, String text) {
        if (!keepsTheDepartmentsAnswer()) {
            return;
        }
        assertThat(ex.answer()).hasValueSatisfying(answer -> {
            assertThat(answer.status()).isEqualTo(status);
            assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains(text);
            assertThat(answer.toString()).doesNotContain(text);
        });
    }

    @Test
    void shouldRefuseAnAnswerThatIsNotJson() {
        department.otherwise(new Answer(200, "application/json", "<html>{\"status\": \"OK\", [", 0, Map.of()));

        assertThatThrownBy(this::invoke).isInstanceOfSatisfying(DepartmentCallException.class, ex -> {
            assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER);
            assertThat(ex.toString()).doesNotContain("<html>");
            assertKeptForDryRuns(ex, 200, "<html>");
        });
    }

    @Test
    void shouldMapOrRefuseEveryWronglyShapedAnswer() {
        for (String answer : WronglyShapedAnswers.of(successfulAnswer())) {
            department.otherwise(Answer.json(answer));
            try {
                invoke();
            } catch (DepartmentCallException ex) {
                assertThat(ex.kind()).as(answer).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER);
            } catch (RuntimeException ex) {
                throw new AssertionError("The answer " + answer + " broke the adapter: " + ex, ex);
            }
        }
    }

    @Test
    void shouldRefuseAnAnswerOverOneMebibyte() {
        String huge = "{\"padding\": \"" + "x".repeat(1_100_000) + "\"}";
        department.otherwise(Answer.json(huge));

        assertThatThrownBy(this::invoke)
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER));
    }

    @Test
    void shouldNeverFollowARedirect() {
        department.on("GET", "/elsewhere", Answer.json(successfulAnswer()));
        department.otherwise(new Answer(302, null, null, 0, Map.of("Location", department.baseUri() + "/elsewhere")));

        assertThatThrownBy(this::invoke)
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER));
        assertThat(department.requests()).noneMatch(r -> r.path().equals("/elsewhere"));
    }

    @Test
    void shouldProbeAReachableAndAnUnreachableDepartment() throws Exception {
        department.otherwise(Answer.json("{\"status\": \"UP\"}"));
        assertThat(adapter().probe(adapterSettings()).reachable()).isTrue();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProbeResult down = adapter().probe(adapterSettings(URI.create("http://127.0.0.1:" + closedPort)));
        assertThat(down.reachable()).isFalse();
        assertThat(down.message()).isNotBlank();
    }
}
