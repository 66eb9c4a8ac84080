package org.janseva.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to find what a query reads: the metric selectors (name and the label names
 * of their matchers) and the label names it groups or joins by. Not a validator: promtool checks
 * the syntax of the rules, Grafana the dashboards'; this finds the names so that they can be
 * checked against what the services expose.
 */
final class PromQl {

    /** A metric read by a query, with the labels its matchers name. */
    record Selector(String metric, Set<String> labels) {}

    /** What a query reads. */
    record Query(List<Selector> selectors, Set<String> groupingLabels, Set<String> madeLabels) {}

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern GRAFANA_INTERVAL = Pattern.compile("\\$__(rate_interval|interval|range)\\b");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)}?");
    private static final Pattern LABEL_REPLACE_TARGET =
            Pattern.compile("label_replace\\s*\\((?:[^,]|\"[^\"]*\")*?,\\s*\"([a-zA-Z_][a-zA-Z0-9_]*)\"");

    private PromQl() {}

    /**
     * @param expression a PromQL expression, possibly with Grafana's variables
     * @return what it reads
     */
    static Query parse(String expression) {
        String text = GRAFANA_INTERVAL.matcher(expression).replaceAll("5m");
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        Set<String> made = new LinkedHashSet<>();
        Matcher target = LABEL_REPLACE_TARGET.matcher(text);
        while (target.find()) {
            made.add(target.group(1));
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i);
            } else if (c == '[') {
                i = text.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expression);
                }
            } else if (c == '$') {
                // a Grafana variable outside a string (e.g. topk($n, ...)): a value, not a name
                Matcher variable = GRAFANA_VARIABLE.matcher(text);
                i = variable.find(i) && variable.start() == i ? variable.end() : i + 1;
            } else if (c == '{') {
                // matchers without a metric name: {job="x"} (no name to check)
                int end = closing(text, i, '{', '}');
                selectors.add(new Selector(null, labelNames(text.substring(i + 1, end))));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n
                        && (Character.isLetterOrDigit(text.charAt(i))
                                || text.charAt(i) == '_'
                                || text.charAt(i) == ':')) {
                    i++;
                }
                String word = text.substring(start, i);
                int next = skipSpaces(text, i);
                if (GROUPING.contains(word)) {
                    if (next < n && text.charAt(next) == '(') {
                        int end = closing(text, next, '(', ')');
                        for (String label : text.substring(next + 1, end).split(",")) {
                            if (!label.isBlank()) {
                                grouping.add(label.strip());
                            }
                        }
                        i = end + 1;
                    }
                } else if (KEYWORDS.contains(word.toLowerCase())) {
                    // an operator or a number-like word
                } else if (next < n && text.charAt(next) == '(') {
                    // a function or an aggregation
                } else if (startsWithGrouping(text, next)) {
                    // an aggregation with its grouping first: sum by (x) (...)
                } else {
                    Set<String> labels = new LinkedHashSet<>();
                    if (next < n && text.charAt(next) == '{') {
                        int end = closing(text, next, '{', '}');
                        labels = labelNames(text.substring(next + 1, end));
                        i = end + 1;
                    }
                    selectors.add(new Selector(word, labels));
                }
            } else {
                i++;
            }
        }
        return new Query(selectors, grouping, made);
    }

    private static boolean startsWithGrouping(String text, int at) {
        for (String keyword : List.of("by", "without")) {
            int end = at + keyword.length();
            if (text.startsWith(keyword, at)
                    && (end == text.length()
                            || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> labelNames(String matchers) {
        Set<String> labels = new LinkedHashSet<>();
        int i = 0;
        while (i < matchers.length()) {
            char c = matchers.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(matchers, i);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < matchers.length()
                        && (Character.isLetterOrDigit(matchers.charAt(i)) || matchers.charAt(i) == '_')) {
                    i++;
                }
                labels.add(matchers.substring(start, i));
            } else {
                i++;
            }
        }
        return labels;
    }

    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed string in " + text);
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int closing(String text, int open, char opening, char close) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i) - 1;
            } else if (c == opening) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed " + opening + " in " + text);
    }
}
