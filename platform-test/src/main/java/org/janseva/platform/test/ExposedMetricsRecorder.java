package org.janseva.platform.test;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.util.ClassUtils;

/**
 * Writes down which metrics a service really exposes, after each test class has driven it: the
 * names and label names of its Prometheus scrape, to
 * {@code ${janseva.exposed-metrics.dir}/<application>-<test class>.txt}. The {@code ops-checks}
 * module then checks every metric that a Grafana dashboard or an alert rule uses against what the
 * services' own integration tests saw, so a typo in a dashboard fails the build without starting
 * a single extra process.
 *
 * <p>Registered in {@code META-INF/spring.factories} for every Spring test; does nothing unless
 * surefire sets {@code janseva.exposed-metrics.dir} (the parent POM does) and the context has a
 * Prometheus registry. Each file starts with {@code # build <id>} ({@code janseva.build.id}, the
 * Maven session's start), so that the check ignores what an earlier build left behind.
 */
public class ExposedMetricsRecorder implements TestExecutionListener {

    /** Where the files go; unset outside a Maven build. */
    public static final String DIRECTORY_PROPERTY = "janseva.exposed-metrics.dir";

    /** The build the files belong to. */
    public static final String BUILD_PROPERTY = "janseva.build.id";

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    @Override
    public void afterTestClass(TestContext testContext) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null
                || !testContext.hasApplicationContext()
                || !ClassUtils.isPresent("io.micrometer.prometheusmetrics.PrometheusMeterRegistry", null)) {
            return;
        }
        ApplicationContext context = testContext.getApplicationContext();
        String scrape = Scraper.scrape(context);
        if (scrape == null) {
            return;
        }
        String application = context.getEnvironment().getProperty("spring.application.name", "unknown");
        Map<String, Set<String>> metrics = parse(scrape);
        StringBuilder out = new StringBuilder();
        out.append("# build ")
                .append(System.getProperty(BUILD_PROPERTY, "unknown"))
                .append('\n');
        out.append("# application ").append(application).append('\n');
        metrics.forEach((name, labels) ->
                out.append(name).append(' ').append(String.join(",", labels)).append('\n'));
        try {
            Path dir = Path.of(directory);
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(application + "-" + testContext.getTestClass().getSimpleName() + ".txt"),
                    out,
                    StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Touches the Prometheus registry's class only once it is known to be there. */
    private static final class Scraper {

        static String scrape(ApplicationContext context) {
            PrometheusMeterRegistry registry =
                    context.getBeanProvider(PrometheusMeterRegistry.class).getIfAvailable();
            return registry == null ? null : registry.scrape();
        }
    }

    /**
     * @param scrape a Prometheus text-format scrape
     * @return every sample's metric name with the label names it was seen with
     */
    static Map<String, Set<String>> parse(String scrape) {
        Map<String, Set<String>> metrics = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            Set<String> labels = metrics.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return metrics;
    }
}
