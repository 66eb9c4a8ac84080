package org.janseva.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTests {

    @Test
    void shouldFindMetricsMatchersAndGroupingLabels() {
        PromQl.Query query = PromQl.parse(
                "histogram_quantile(0.95, sum by (department, le) (rate(janseva_department_calls_seconds_bucket{department=\"$department\", outcome=~\"a|b\"}[$__rate_interval])))"
                        + " / on(department) group_left(kind) max(foo:bar) without (instance) > 1/60");

        assertThat(query.selectors())
                .extracting(PromQl.Selector::metric)
                .containsExactly("janseva_department_calls_seconds_bucket", "foo:bar");
        assertThat(query.selectors().get(0).labels()).containsExactly("department", "outcome");
        assertThat(query.groupingLabels()).containsExactly("department", "le", "kind", "instance");
    }

    @Test
    void shouldIgnoreKeywordsStringsDurationsAndNumbers() {
        PromQl.Query query = PromQl.parse(
                "sum(rate(x_total{a=\"sum(by)\"}[5m] offset 1h)) > bool 0.5 and y unless z or topk($n, w) > 1e3");

        assertThat(query.selectors()).extracting(PromQl.Selector::metric).containsExactly("x_total", "y", "z", "w");
    }

    @Test
    void shouldKnowTheLabelsThatLabelReplaceMakes() {
        PromQl.Query query = PromQl.parse("label_replace(up, \"service\", \"$1\", \"instance\", \"(.*):.*\")");

        assertThat(query.madeLabels()).containsExactly("service");
        assertThat(query.selectors()).extracting(PromQl.Selector::metric).containsExactly("up");
    }
}
