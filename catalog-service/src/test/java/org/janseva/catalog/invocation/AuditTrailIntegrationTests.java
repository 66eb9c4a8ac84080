package org.janseva.catalog.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * The invocation audit through a failure of its writes, over real HTTP and PostgreSQL. The
 * embedded PostgreSQL is shared by the test JVM and must stay up, so the failure is a trigger that
 * refuses the inserts of chosen rows of this test only (by request id), as a database
 * that is down or refuses the statement does; it counts the attempts in a sequence, which a rolled
 * back insert does not undo. The queue holds 4 rows here, and a batch waits up to 1 s for more
 * rows, so that a few calls in a row share a batch.
 */
@TestPropertySource(
        properties = {
            "platform.catalog.invocation.audit.queue-capacity=4",
            "platform.catalog.invocation.audit.flush-interval=1s"
        })
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailIntegrationTests extends InvocationTestSupport {

    private static final Pattern DROPPED =
            Pattern.compile("(?m)^janseva_invocation_audit_dropped_total(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern REFUSED =
            Pattern.compile("(?m)^janseva_invocation_audit_refused_total(?:\\{[^}]*})? (\\S+)$");

    @BeforeAll
    void catalogueAndTriggers() {
        setUpHttp();
        department("ZZINV-AUDITDEP", "rest-json", Map.of("baseUrl", "{{stub}}/zzaudit", "timeoutMs", 2500));
        publishedEntry("ZZINV-AUDIT", "ZZINV-AUDITDEP", Op.of("status", "POST", "/status", schema("ref")));
        catalogue.refresh();
        departments.on("POST", "/zzaudit/status", Answer.json("{\"status\": \"OK\"}"));
        jdbc.sql("create sequence if not exists zzaudit_attempts").update();
        jdbc.sql("""
                        create or replace function zzaudit_refuse() returns trigger language plpgsql as $$
                        begin
                            perform nextval('zzaudit_attempts');
                            if new.request_id like 'zzaudit-bad-%' then
                                raise exception 'the test refuses this row' using errcode = 'check_violation';
                            end if;
                            raise exception 'the test keeps invocation_audit from being written';
                        end
                        $$""").update();
        // the context's first call, written before any test refuses a row
        assertThat(call("zzaudit-warm-up").statusCode()).isEqualTo(200);
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(rows("zzaudit-warm-up")).isEqualTo(1));
    }

    @BeforeEach
    void restartTheCount() {
        jdbc.sql("alter sequence zzaudit_attempts restart").update();
    }

    @AfterEach
    void databaseBack() {
        jdbc.sql("drop trigger if exists zzaudit_refuse on invocation_audit").update();
    }

    @AfterAll
    void dropTheTestsFunction() {
        jdbc.sql("drop function if exists zzaudit_refuse()").update();
        jdbc.sql("drop sequence if exists zzaudit_attempts").update();
    }

    @Test
    void shouldKeepTheRowsOfAFailedWriteAndWriteThemOnceEachWhenTheDatabaseTakesThemAgain(CapturedOutput output) {
        double droppedBefore = metric(DROPPED);
        refuse("zzaudit-down-%");
        // calls keep working; each pair shares a batch (1 s), a row the database would take first
        List<String> ids = List.of("zzaudit-kept-1", "zzaudit-down-1", "zzaudit-kept-2", "zzaudit-down-2");
        for (String id : ids) {
            HttpResponse<String> response = call(id);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        // the batch is tried again (after 1 s, then 2 s), not dropped; the failure is logged once
        eventually(Duration.ofSeconds(30), () -> assertThat(attempts()).isGreaterThanOrEqualTo(3));
        assertThat(rows("zzaudit-down-%")).isZero();
        List<String> warnings = lines(output, "WARN", "Could not write");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .containsPattern("keeping them and trying again: \\w+Exception: ERROR: the test keeps invocation_audit"
                        + " from being written\"")
                .doesNotContain("stack_trace")
                .doesNotContain("insert into");
        assertThat(lines(output, "WARN", "Still cannot write")).isEmpty();

        stopRefusing();

        // every row, once: a batch is one transaction, so no row of a failed attempt was committed
        eventually(
                Duration.ofSeconds(60),
                () -> assertThat(lines(output, "INFO", "invocation audit rows late"))
                        .hasSize(1));
        assertThat(lines(output, "INFO", "invocation audit rows late").get(0))
                .containsPattern("Wrote [34] invocation audit rows late: writes had failed for \\d+ s");
        for (String id : ids) {
            assertThat(rows(id)).as(id).isEqualTo(1);
        }
        assertThat(lines(output, "WARN", "Could not write")).hasSize(1);
        assertThat(metric(DROPPED)).as("nothing dropped: the queue had room").isEqualTo(droppedBefore);
    }

    @Test
    void shouldDropAndCountRowsOnlyWhenTheQueueIsFull(CapturedOutput output) {
        double droppedBefore = metric(DROPPED);
        refuse("zzaudit-full-%");
        assertThat(call("zzaudit-full-0").statusCode()).isEqualTo(200);
        // the writer holds this row's batch and tries it again: the queue (4) fills behind it
        eventually(Duration.ofSeconds(30), () -> assertThat(attempts()).isPositive());
        for (int i = 1; i <= 7; i++) {
            HttpResponse<String> response = call("zzaudit-full-" + i);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        assertThat(metric(DROPPED) - droppedBefore).isEqualTo(3);
        // logged at once, and then at most once a minute: the first line counts what was dropped by then
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(lines(output, "WARN", "Dropped"))
                        .singleElement(InstanceOfAssertFactories.STRING)
                        .containsPattern("Dropped [123] invocation audit rows: the queue of 4 rows was full"));

        stopRefusing();

        eventually(
                Duration.ofSeconds(60),
                () -> assertThat(lines(output, "INFO", "Wrote 5 invocation audit rows late"))
                        .hasSize(1));
        for (int i = 0; i <= 4; i++) {
            assertThat(rows("zzaudit-full-" + i)).as("row %d", i).isEqualTo(1);
        }
        assertThat(rows("zzaudit-full-5"))
                .as("the rows that found the queue full")
                .isZero();
        assertThat(rows("zzaudit-full-6")).isZero();
        assertThat(rows("zzaudit-full-7")).isZero();
        assertThat(metric(DROPPED) - droppedBefore).isEqualTo(3);
    }

    @Test
    void shouldLeaveOutOnlyTheRowsTheDatabaseRefusesForTheirData(CapturedOutput output) {
        double refusedBefore = metric(REFUSED);
        refuse("zzaudit-bad-%");
        for (String id : List.of("zzaudit-good-1", "zzaudit-bad-1", "zzaudit-good-2")) {
            assertThat(call(id).statusCode()).isEqualTo(200);
        }

        // no retry can make such a row acceptable: the others are written at once, the bad one left out
        eventually(
                Duration.ofSeconds(30),
                () -> assertThat(metric(REFUSED) - refusedBefore).isEqualTo(1));
        eventually(
                Duration.ofSeconds(30), () -> assertThat(rows("zzaudit-good-%")).isEqualTo(2));
        assertThat(rows("zzaudit-good-1")).isEqualTo(1);
        assertThat(rows("zzaudit-bad-1")).isZero();
        assertThat(lines(output, "WARN", "refused"))
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("The database refused 1 invocation audit rows for their data, not retried:"
                        + " DataIntegrityViolationException: ERROR: the test refuses this row\"")
                .doesNotContain("insert into")
                .doesNotContain("stack_trace");
        assertThat(lines(output, "WARN", "Could not write")).isEmpty();
    }

    private HttpResponse<String> call(String requestId) {
        return invoke("ZZINV-AUDIT", "status", "{\"ref\": \"R-1\"}", "X-Request-Id", requestId);
    }

    /** The inserts of rows whose request id is like the pattern fail from now on. */
    private void refuse(String requestIds) {
        jdbc.sql("""
                        create trigger zzaudit_refuse before insert on invocation_audit for each row
                        when (new.request_id like '%s') execute function zzaudit_refuse()""".formatted(requestIds)).update();
    }

    private void stopRefusing() {
        jdbc.sql("drop trigger zzaudit_refuse on invocation_audit").update();
    }

    /** Inserts the trigger refused since the test began. */
    private long attempts() {
        return jdbc.sql("select case when is_called then last_value else 0 end from zzaudit_attempts")
                .query(Long.class)
                .single();
    }

    private long rows(String requestIds) {
        return jdbc.sql("select count(*) from invocation_audit where request_id like ?")
                .param(requestIds)
                .query(Long.class)
                .single();
    }

    private double metric(Pattern line) {
        Matcher matcher = line.matcher(http.get("/actuator/prometheus").body());
        assertThat(matcher.find()).as(line.pattern()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static List<String> lines(CapturedOutput output, String level, String text) {
        return output.getOut()
                .lines()
                .filter(line -> line.contains("\"level\":\"" + level + "\"") && line.contains(text))
                .toList();
    }
}
