package org.janseva.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards and rules are what operators need and well formed: the four boards exist with
 * unique ids, every panel queries the provisioned datasource, Grafana opens on the overview in
 * the compose stack, and every alert has a severity, a summary, a description and a runbook that
 * exists in docs/runbooks.md.
 */
class DashboardsAndRulesTests {

    @Test
    void shouldProvisionTheFourBoards() {
        Set<String> uids = new TreeSet<>();
        for (Path file : OpsFiles.dashboards()) {
            JsonNode dashboard = OpsFiles.json(file);
            assertThat(uids.add(dashboard.path("uid").asString()))
                    .as("unique uid " + file)
                    .isTrue();
            assertThat(dashboard.path("title").asString()).startsWith("Jan Seva / ");
        }
        assertThat(uids)
                .containsExactlyInAnyOrder(
                        "janseva-overview", "janseva-departments", "janseva-payments", "janseva-jvm");
    }

    @Test
    void shouldQueryTheProvisionedDatasourceFromEveryPanel() {
        Map<String, Object> provisioning =
                OpsFiles.yaml(OpsFiles.root().resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        @SuppressWarnings("unchecked")
        String uid = (String) ((List<Map<String, Object>>) provisioning.get("datasources"))
                .get(0)
                .get("uid");
        for (Path file : OpsFiles.dashboards()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : OpsFiles.panels(OpsFiles.json(file))) {
                String where = file.getFileName() + " / " + panel.path("title").asString();
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("unique panel id: " + where)
                        .isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(where).isBetween(1, 24);
                if (panel.path("type").asString().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asString())
                        .as(where)
                        .isEqualTo(uid);
                assertThat(panel.path("targets").isEmpty())
                        .as("queries of " + where)
                        .isFalse();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asString())
                            .as(where)
                            .isEqualTo(uid);
                    assertThat(target.path("expr").asString()).as(where).isNotBlank();
                }
            }
        }
    }

    @Test
    void shouldShowEveryDepartmentsCircuitRateErrorsAndP95InTheDepartmentsTable() {
        JsonNode departments = OpsFiles.json(OpsFiles.root().resolve("ops/grafana/dashboards/departments.json"));
        JsonNode table = OpsFiles.panels(departments).stream()
                .filter(panel -> panel.path("type").asString().equals("table"))
                .findFirst()
                .orElseThrow();
        String queries = table.path("targets").toString();
        assertThat(queries)
                .contains("janseva_department_circuit_state")
                .contains("rate(janseva_department_calls_seconds_count")
                .contains("outcome=~\\\"timeout|department_error\\\"")
                .contains("histogram_quantile(0.95");
        assertThat(table.toString()).contains("var-department=${__value.raw}");
    }

    @Test
    void shouldOpenGrafanaOnTheOverviewInTheComposeStack() throws IOException {
        String compose = Files.readString(OpsFiles.root().resolve("docker-compose.yml"));
        assertThat(compose)
                .contains("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: /var/lib/grafana/dashboards/overview.json");
        assertThat(OpsFiles.json(OpsFiles.root().resolve("ops/grafana/dashboards/overview.json"))
                        .path("uid")
                        .asString())
                .isEqualTo("janseva-overview");
    }

    @Test
    void shouldGiveEveryAlertASeveritySummaryDescriptionAndAnExistingRunbook() throws IOException {
        String runbooks = Files.readString(OpsFiles.root().resolve("docs/runbooks.md"));
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^#{2,3} (.+)$").matcher(runbooks);
        while (heading.find()) {
            anchors.add(heading.group(1)
                    .strip()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9 -]", "")
                    .replace(' ', '-'));
        }
        Set<String> alerts = new TreeSet<>();
        for (OpsFiles.Rule rule : OpsFiles.rules()) {
            if (rule.alert() == null) {
                continue;
            }
            String alert = rule.alert();
            alerts.add(alert);
            assertThat(rule.labels().get("severity")).as(alert).isIn("critical", "warning");
            assertThat(rule.annotations().get("summary")).as(alert).isNotBlank();
            assertThat(rule.annotations().get("description")).as(alert).isNotBlank();
            String runbook = rule.annotations().get("runbook_url");
            assertThat(runbook).as(alert).isEqualTo("docs/runbooks.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(anchors)
                    .as("a section for " + alert + " in docs/runbooks.md")
                    .contains(alert.toLowerCase(Locale.ROOT));
        }
        assertThat(alerts)
                .as("the alerts issue 8 asks for")
                .contains(
                        "JansevaDepartmentDown",
                        "JansevaGatewayErrorBudgetFastBurn",
                        "JansevaLoginFailuresSpike",
                        "JansevaOtpDeliveryFailures",
                        "JansevaPaymentSuccessRatioDrop",
                        "JansevaOutboxLag",
                        "JansevaReconciliationMismatch",
                        "JansevaServiceDown");
    }

    @Test
    void shouldUnitTestTheMainAlerts() throws IOException {
        String tests = Files.readString(OpsFiles.root().resolve("ops/prometheus/tests/janseva-alerts-test.yml"));
        for (String alert : List.of(
                "JansevaDepartmentDown",
                "JansevaGatewayErrorBudgetFastBurn",
                "JansevaLoginFailuresSpike",
                "JansevaOtpDeliveryFailures",
                "JansevaPaymentSuccessRatioDrop",
                "JansevaOutboxLag",
                "JansevaReconciliationMismatch",
                "JansevaServiceDown")) {
            assertThat(tests).as("promtool test of " + alert).contains("alertname: " + alert);
        }
    }
}
