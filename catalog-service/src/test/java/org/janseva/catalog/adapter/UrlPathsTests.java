package org.janseva.catalog.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlPathsTests {

    @Test
    void shouldRefuseADotSegmentWrittenInATemplateHoweverItIsSpelt() {
        for (String template : List.of(
                "/../../other-dept/{q}",
                "/a/./{q}",
                "/a/..",
                "/a/.",
                "/..?x={q}",
                "/%2E%2E/%2e%2e/x/{q}",
                "/a/.%2e/{q}",
                "/a/%2E/{q}",
                "/a/..;x/{q}",
                "/a/.;v=1/{q}",
                "/a/%2e%2E;v=1")) {
            assertThat(UrlPaths.templateProblem(template))
                    .as(template)
                    .hasValueSatisfying(problem -> assertThat(problem).startsWith("must not have a . or .. segment"));
        }
    }

    @Test
    void shouldRefuseAnEmptySegmentWrittenInATemplate() {
        for (String template : List.of("//{q}", "/a//{q}", "/a/{q}//b", "/a//", "/a/;x/b", "/x//y?q={q}")) {
            assertThat(UrlPaths.templateProblem(template))
                    .as(template)
                    .hasValueSatisfying(problem -> assertThat(problem).startsWith("must not have an empty segment"));
        }
    }

    @Test
    void shouldHoldAProbePathToTheSameSegmentRules() {
        assertThat(UrlPaths.pathProblem("/../../x")).isPresent();
        assertThat(UrlPaths.pathProblem("/%2E%2E/x")).isPresent();
        assertThat(UrlPaths.pathProblem("/health//deep")).isPresent();
        assertThat(UrlPaths.pathProblem("/health")).isEmpty();
        assertThat(UrlPaths.pathProblem("/")).isEmpty();
        assertThat(UrlPaths.pathProblem("/status?deep=true&next=../..//")).isEmpty();
    }

    @Test
    void shouldTakeSegmentsThatOnlyLookLikeDotsOrEmptyOnes() {
        for (String template : List.of(
                "/records/{id}/status",
                "/a/.../{q}",
                "/a/..x/{q}",
                "/a/x../{q}",
                "/a/.well-known/{q}",
                "/a/%2E%2E%2E",
                "/a/{q}./b",
                "/a/.{q}",
                "/items/",
                "/",
                "/v1/a%20b/{uan};v=1/x@y:z?from=(1)&uan={uan}",
                "/search?path=../../x&empty=//")) {
            assertThat(UrlPaths.templateProblem(template)).as(template).isEmpty();
        }
    }

    @Test
    void shouldFindTheSegmentProblemOfAStoredTemplateThatSkippedTheCharacterRules() {
        assertThat(UrlPaths.segmentProblem("/r1/../x/{q}")).isPresent();
        assertThat(UrlPaths.segmentProblem("/x//{q}")).isPresent();
        assertThat(UrlPaths.segmentProblem("/x/{q}/y")).isEmpty();
        assertThat(UrlPaths.segmentProblem(null)).isEmpty();
    }
}
