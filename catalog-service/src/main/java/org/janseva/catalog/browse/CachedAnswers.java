package org.janseva.catalog.browse;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.rating.Ratings;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code ETag}, {@code Cache-Control} and {@code 304 Not Modified} for catalogue reads. An answer
 * depends only on the catalogue version, the ratings version, the request's path and query and
 * the reader (language, channel, country), so the tag is made from those, before any body is
 * rendered: a revalidation that matches costs no rendering at all.
 */
@Component
class CachedAnswers {

    /** Apps may reuse an answer this long, then revalidate with If-None-Match. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Catalogue catalogue;
    private final Ratings ratings;

    CachedAnswers(Catalogue catalogue, Ratings ratings) {
        this.catalogue = catalogue;
        this.ratings = ratings;
    }

    /**
     * @param request the request
     * @param reader the reader, or null when the answer is the same for everyone
     * @param catalogueVersion the version of the snapshot the body is rendered from
     * @param body renders the body; not called for a 304
     * @return the answer, or 304 when the client's copy is current
     */
    <T> ResponseEntity<T> answer(HttpServletRequest request, Reader reader, long catalogueVersion, Supplier<T> body) {
        String etag = etag(request, reader, catalogueVersion);
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag);
        headers.setCacheControl(CacheControl.maxAge(MAX_AGE).cachePublic());
        headers.setVary(java.util.List.of("Accept-Language", "X-Channel", "X-Country"));
        if (reader != null) {
            headers.set(HttpHeaders.CONTENT_LANGUAGE, reader.language().code());
        }
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        }
        return new ResponseEntity<>(body.get(), headers, HttpStatus.OK);
    }

    /** @return the catalogue version in force, for the answer's tag */
    long catalogueVersion() {
        return catalogue.current().version();
    }

    private String etag(HttpServletRequest request, Reader reader, long catalogueVersion) {
        CRC32C crc = new CRC32C();
        crc.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
        if (request.getQueryString() != null) {
            crc.update('?');
            crc.update(request.getQueryString().getBytes(StandardCharsets.UTF_8));
        }
        if (reader != null) {
            crc.update((reader.language().code() + '|' + reader.channel().code() + '|' + reader.country())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return "W/\"" + catalogueVersion + '-' + ratings.version() + '-' + Long.toHexString(crc.getValue()) + '"';
    }

    /** RFC 9110 weak comparison against a list of tags or {@code *}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String opaque = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || opaque(tag).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
