package org.janseva.catalog.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPointersTests {

    private final Map<String, Object> tree = Map.of("a/b", 1, "m~n", 2, "list", List.of("x", Map.of("y", true)));

    @Test
    void shouldReadByRfc6901Pointers() {
        assertThat(JsonPointers.read(tree, "/a~1b")).isEqualTo(1);
        assertThat(JsonPointers.read(tree, "/m~0n")).isEqualTo(2);
        assertThat(JsonPointers.read(tree, "/list/1/y")).isEqualTo(true);
        assertThat(JsonPointers.read(tree, "/list/7")).isNull();
        assertThat(JsonPointers.read(tree, "/list/-")).isNull();
        assertThat(JsonPointers.read(tree, "/missing/deeper")).isNull();
        assertThat(JsonPointers.read(tree, "")).isSameAs(tree);
    }

    @Test
    void shouldTakeOnlyRfc6901ArrayIndexes() {
        assertThat(JsonPointers.read(tree, "/list/0")).isEqualTo("x");
        // a leading zero, another script's digits, a sign: no index, nothing found
        assertThat(JsonPointers.read(tree, "/list/01/y")).isNull();
        assertThat(JsonPointers.read(tree, "/list/00")).isNull();
        assertThat(JsonPointers.read(tree, "/list/\u0661/y")).isNull();
        assertThat(JsonPointers.read(tree, "/list/+1/y")).isNull();
    }

    @Test
    void shouldTellPointersFromOtherText() {
        assertThat(JsonPointers.isPointer("/data/0/name")).isTrue();
        assertThat(JsonPointers.isPointer("")).isTrue();
        assertThat(JsonPointers.isPointer("data/name")).isFalse();
        assertThat(JsonPointers.isPointer("/a~2")).isFalse();
    }
}
