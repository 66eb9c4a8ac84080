package org.janseva.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operations files of the repository, as the checks read them. */
final class OpsFiles {

    /** A PromQL expression and where it comes from, for messages. */
    record Expression(String where, String expr) {}

    /** An alerting or recording rule. */
    record Rule(String file, String group, Map<String, Object> rule) {

        String alert() {
            return (String) rule.get("alert");
        }

        String record() {
            return (String) rule.get("record");
        }

        String expr() {
            return String.valueOf(rule.get("expr"));
        }

        @SuppressWarnings("unchecked")
        Map<String, String> labels() {
            return (Map<String, String>) rule.getOrDefault("labels", Map.of());
        }

        @SuppressWarnings("unchecked")
        Map<String, String> annotations() {
            return (Map<String, String>) rule.getOrDefault("annotations", Map.of());
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private OpsFiles() {}

    /** @return the repository's root (surefire sets {@code janseva.root}) */
    static Path root() {
        return Path.of(System.getProperty("janseva.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static List<Path> dashboards() {
        return list(root().resolve("ops/grafana/dashboards"), ".json");
    }

    static List<Path> ruleFiles() {
        return list(root().resolve("ops/prometheus/rules"), ".yml");
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try {
            return (Map<String, Object>) new Yaml().load(Files.readString(file));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return every panel of a dashboard, those inside rows included */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                panels.add(nested);
            }
        }
        return panels;
    }

    /** @return every PromQL expression of the dashboards' panels */
    static List<Expression> dashboardExpressions() {
        List<Expression> expressions = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = json(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString("");
                    if (!expr.isBlank()) {
                        expressions.add(new Expression(
                                file.getFileName() + " / " + panel.path("title").asString() + " / "
                                        + target.path("refId").asString(),
                                expr));
                    }
                }
            }
        }
        return expressions;
    }

    /** @return the queries of the dashboards' template variables ({@code label_values(...)} etc.) */
    static List<Expression> variableQueries() {
        List<Expression> queries = new ArrayList<>();
        for (Path file : dashboards()) {
            for (JsonNode variable : json(file).path("templating").path("list")) {
                if (!"query".equals(variable.path("type").asString())) {
                    continue;
                }
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString("") : query.asString("");
                if (!text.isBlank()) {
                    queries.add(new Expression(
                            file.getFileName() + " / $" + variable.path("name").asString(), text));
                }
            }
        }
        return queries;
    }

    @SuppressWarnings("unchecked")
    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (Path file : ruleFiles()) {
            Map<String, Object> content = yaml(file);
            for (Map<String, Object> group : (List<Map<String, Object>>) content.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    rules.add(new Rule(file.getFileName().toString(), (String) group.get("name"), rule));
                }
            }
        }
        return rules;
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
