package org.janseva.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class GzipWebFilterTests {

    @ParameterizedTest
    @ValueSource(
            strings = {"gzip", "GZIP", "x-gzip", "gzip;q=0.5", "deflate, gzip", "*", "br;q=1, *;q=0.1", "gzip ; q=1"})
    void shouldTakeGzipWhenTheClientDoes(String acceptEncoding) {
        assertThat(GzipWebFilter.acceptsGzip(acceptEncoding)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {"identity", "br", "deflate", "gzip;q=0", "*;q=0", "gzip;q=0, *", "gzip;q=x", "snappy, zstd"})
    void shouldNotGzipForAClientThatDoesNotTakeIt(String acceptEncoding) {
        assertThat(GzipWebFilter.acceptsGzip(acceptEncoding)).isFalse();
    }
}
