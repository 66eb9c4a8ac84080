package org.janseva.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric that a Grafana dashboard or a Prometheus rule reads is one the services really
 * expose, with the labels the query names: a typo in a dashboard or a renamed metric fails the
 * build. "Really expose" is what the five processes' own integration tests saw in their
 * Prometheus scrape after driving them (platform-test's {@code ExposedMetricsRecorder}, files
 * under each module's {@code target/exposed-metrics/} stamped with this build's id), so the
 * check starts no process of its own; run it in the same build as those tests
 * ({@code ./mvnw verify}, or {@code -pl ops-checks -am}).
 */
class DashboardAndAlertMetricsExposedTests {

    static final List<String> APPLICATIONS =
            List.of("gateway-service", "catalog-service", "user-service", "payment-service", "department-simulator");

    /** Series Prometheus itself makes for every target or rule. */
    static final Set<String> PROMETHEUS_SERIES =
            Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS", "ALERTS_FOR_STATE");

    /** Labels Prometheus attaches to every scraped series (target labels of ops/prometheus). */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "__name__");

    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*(?:([^,]+?),)?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
    private static final Pattern APPLICATION_MATCHER = Pattern.compile("application\\s*=\\s*\"([^\"$]+)\"");

    /** application -> metric -> label names. */
    static Map<String, Map<String, Set<String>>> exposed;

    /** metric -> label names, over every application. */
    static Map<String, Set<String>> anywhere;

    /** recording rules: name -> labels of what they read. */
    static Set<String> recorded;

    @BeforeAll
    static void readWhatTheServicesExposed() {
        String build = System.getProperty("janseva.build.id");
        exposed = new TreeMap<>();
        try (Stream<Path> modules = Files.list(OpsFiles.root())) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path dir = module.resolve("target/exposed-metrics");
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file :
                            files.filter(f -> f.toString().endsWith(".txt")).toList()) {
                        read(file, build);
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        anywhere = new TreeMap<>();
        exposed.values()
                .forEach(metrics -> metrics.forEach((name, labels) ->
                        anywhere.computeIfAbsent(name, n -> new TreeSet<>()).addAll(labels)));
        recorded = new TreeSet<>();
        OpsFiles.rules().stream().filter(rule -> rule.record() != null).forEach(rule -> recorded.add(rule.record()));
    }

    private static void read(Path file, String build) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() < 2 || !lines.get(0).equals("# build " + build)) {
            return; // left by an earlier build
        }
        String application = lines.get(1).substring("# application ".length());
        Map<String, Set<String>> metrics = exposed.computeIfAbsent(application, a -> new TreeMap<>());
        for (String line : lines.subList(2, lines.size())) {
            int space = line.indexOf(' ');
            String name = line.substring(0, space);
            Set<String> labels = metrics.computeIfAbsent(name, n -> new TreeSet<>());
            for (String label : line.substring(space + 1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label);
                }
            }
        }
    }

    @Test
    void shouldHaveSeenEveryProcessInThisBuild() {
        assertThat(exposed.keySet())
                .as("applications whose integration tests recorded their metrics in this build (run ./mvnw verify,"
                        + " or -pl ops-checks -am, so that the services' tests run in the same build)")
                .containsAll(APPLICATIONS);
        for (String application : APPLICATIONS) {
            assertThat(exposed.get(application))
                    .as(application + " exposes the JVM metrics and its application tag")
                    .containsKey("jvm_memory_used_bytes");
            assertThat(exposed.get(application).get("jvm_memory_used_bytes")).contains("application");
        }
    }

    @Test
    void shouldExposeEveryMetricTheDashboardsRead() {
        List<String> problems = new ArrayList<>();
        for (OpsFiles.Expression expression : OpsFiles.dashboardExpressions()) {
            problems.addAll(check(expression));
        }
        assertThat(OpsFiles.dashboardExpressions()).hasSizeGreaterThan(20);
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldExposeEveryMetricAndLabelTheDashboardVariablesList() {
        List<String> problems = new ArrayList<>();
        for (OpsFiles.Expression query : OpsFiles.variableQueries()) {
            Matcher labelValues = LABEL_VALUES.matcher(query.expr());
            if (labelValues.find()) {
                String metric = labelValues.group(1) == null
                        ? null
                        : labelValues.group(1).strip();
                String label = labelValues.group(2);
                if (metric == null) {
                    if (anywhere.values().stream().noneMatch(labels -> labels.contains(label))) {
                        problems.add(query.where() + ": no metric has the label " + label);
                    }
                } else {
                    problems.addAll(check(new OpsFiles.Expression(query.where(), metric)));
                    String name = PromQl.parse(metric).selectors().get(0).metric();
                    if (anywhere.containsKey(name)
                            && !anywhere.get(name).contains(label)
                            && !TARGET_LABELS.contains(label)) {
                        problems.add(query.where() + ": " + name + " has no label " + label);
                    }
                }
            } else {
                problems.addAll(check(query));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldExposeEveryMetricTheRulesRead() {
        List<String> problems = new ArrayList<>();
        for (OpsFiles.Rule rule : OpsFiles.rules()) {
            String name = rule.alert() != null ? rule.alert() : rule.record();
            problems.addAll(check(new OpsFiles.Expression(rule.file() + " / " + name, rule.expr())));
        }
        assertThat(OpsFiles.rules()).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldCatchATypoInAQuery() {
        assertThat(check(new OpsFiles.Expression("typo", "sum(rate(janseva_invocatons_seconds_count[5m]))")))
                .singleElement()
                .asString()
                .contains("janseva_invocatons_seconds_count");
        assertThat(check(new OpsFiles.Expression(
                        "label typo", "sum by (departmnet) (rate(janseva_invocations_seconds_count[5m]))")))
                .singleElement()
                .asString()
                .contains("departmnet");
        assertThat(check(new OpsFiles.Expression(
                        "wrong application",
                        "sum(rate(janseva_invocations_seconds_count{application=\"user-service\"}[5m]))")))
                .singleElement()
                .asString()
                .contains("user-service");
    }

    /** @return what is wrong with one expression, empty when nothing */
    static List<String> check(OpsFiles.Expression expression) {
        List<String> problems = new ArrayList<>();
        PromQl.Query query = PromQl.parse(expression.expr());
        Set<String> available = new TreeSet<>(TARGET_LABELS);
        available.addAll(query.madeLabels());
        for (PromQl.Selector selector : query.selectors()) {
            String metric = selector.metric();
            if (metric == null) {
                continue;
            }
            if (PROMETHEUS_SERIES.contains(metric) || recorded.contains(metric)) {
                available.addAll(selector.labels());
                if (metric.equals("ALERTS")) {
                    available.addAll(Set.of("alertname", "alertstate", "severity"));
                }
                continue;
            }
            Set<String> labels = anywhere.get(metric);
            if (labels == null) {
                problems.add(expression.where() + ": no service exposes " + metric);
                continue;
            }
            available.addAll(labels);
            for (String label : selector.labels()) {
                if (!labels.contains(label) && !TARGET_LABELS.contains(label)) {
                    problems.add(expression.where() + ": " + metric + " has no label " + label);
                }
            }
            Matcher application = APPLICATION_MATCHER.matcher(expression.expr());
            while (application.find()) {
                String app = application.group(1);
                if (selector.labels().contains("application")
                        && exposed.containsKey(app)
                        && !exposed.get(app).containsKey(metric)
                        && isMatcherOf(expression.expr(), metric, app)) {
                    problems.add(expression.where() + ": " + app + " does not expose " + metric);
                }
            }
        }
        for (String label : query.groupingLabels()) {
            if (!available.contains(label)) {
                problems.add(expression.where() + ": grouping by " + label + ", which none of its metrics has");
            }
        }
        return problems;
    }

    private static boolean isMatcherOf(String expr, String metric, String application) {
        return Pattern.compile(Pattern.quote(metric) + "\\s*\\{[^}]*application\\s*=\\s*\"" + Pattern.quote(application)
                        + "\"")
                .matcher(expr)
                .find();
    }
}
