package org.janseva.catalog.browse;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.janseva.catalog.rating.Ratings;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code ETag}, {@code Cache-Control} and {@code 304 Not Modified} for catalogue reads. An answer
 * depends only on the catalogue version, the ratings version (when it shows ratings), the
 * request's path and query, the reader (language, channel, country) and, for departments, their
 * live statuses; so the tag is made from those, before any body is rendered: a revalidation that
 * matches costs no rendering at all.
 */
@Component
class CachedAnswers {

    /** Apps may reuse an answer this long, then revalidate with If-None-Match. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Ratings ratings;

    CachedAnswers(Ratings ratings) {
        this.ratings = ratings;
    }

    /**
     * @param request the request
     * @param reader the reader, or null when the answer is the same for everyone
     * @param catalogueVersion the version of the snapshot the body is rendered from
     * @param withRatings whether the body shows ratings (then a new rating makes a new tag)
     * @param body renders the body; not called for a 304
     * @return the answer, or 304 when the client's copy is current
     */
    <T> ResponseEntity<T> answer(
            HttpServletRequest request, Reader reader, long catalogueVersion, boolean withRatings, Supplier<T> body) {
        String etag = etag(request, reader, catalogueVersion, withRatings ? ratings.version() : 0, 0);
        return answer(request, etag, CacheControl.maxAge(MAX_AGE).cachePublic(), reader, body);
    }

    /**
     * An answer that shows live department statuses: tagged by them too, and revalidated on every
     * use ({@code no-cache}), so that a 304 never hides a department going down.
     *
     * @param statuses a hash of the statuses the body shows
     */
    <T> ResponseEntity<T> answerLive(
            HttpServletRequest request, Reader reader, long catalogueVersion, long statuses, Supplier<T> body) {
        String etag = etag(request, reader, catalogueVersion, 0, statuses);
        return answer(request, etag, CacheControl.noCache(), reader, body);
    }

    private static <T> ResponseEntity<T> answer(
            HttpServletRequest request, String etag, CacheControl cacheControl, Reader reader, Supplier<T> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag);
        headers.setCacheControl(cacheControl);
        headers.setVary(List.of("Accept-Language", "X-Channel", "X-Country"));
        if (reader != null) {
            headers.set(HttpHeaders.CONTENT_LANGUAGE, reader.language().code());
        }
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        }
        return new ResponseEntity<>(body.get(), headers, HttpStatus.OK);
    }

    private static String etag(
            HttpServletRequest request, Reader reader, long catalogueVersion, long ratingsVersion, long salt) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, salt));
        crc.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
        if (request.getQueryString() != null) {
            crc.update('?');
            crc.update(request.getQueryString().getBytes(StandardCharsets.UTF_8));
        }
        if (reader != null) {
            crc.update((reader.language().code() + '|' + reader.channel().code() + '|' + reader.country())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return "W/\"" + catalogueVersion + '-' + ratingsVersion + '-' + Long.toHexString(crc.getValue()) + '"';
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
