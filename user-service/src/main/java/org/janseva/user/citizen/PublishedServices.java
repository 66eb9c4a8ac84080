package org.janseva.user.citizen;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import org.janseva.platform.web.RequestIdPropagation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * Whether catalog-service publishes a service code: {@code GET /api/v1/catalog/services/{code}} on
 * catalog-service's own URL (a public route, no token), 200 for a published service, 404 {@code
 * SERVICE_NOT_FOUND} otherwise.
 *
 * <p>Answers are kept per code ({@link CatalogProperties#publishedFor()} for a published one,
 * {@link CatalogProperties#unknownFor()} for an unknown one), so that repeated requests do not ask
 * again. No answer is never taken for one: when catalog-service cannot be reached, does not answer
 * in time, answers 5xx, or answers anything but a 200 or its own 404 {@code SERVICE_NOT_FOUND} (a
 * 404 of another kind means a wrong base URL, not an unknown service), the caller gets 503 {@code
 * CATALOG_UNAVAILABLE}, nothing is kept, and the next request asks again.
 */
@Component
class PublishedServices {

    private static final Logger log = LoggerFactory.getLogger(PublishedServices.class);

    private enum Answer {
        PUBLISHED,
        UNKNOWN,
        UNUSABLE
    }

    private final RestClient client;
    private final Cache<String, Boolean> published;

    PublishedServices(CatalogProperties properties, Clock clock) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .build());
        factory.setReadTimeout(properties.readTimeout());
        this.client = RestClient.builder()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(factory)
                .requestInterceptor(new RequestIdPropagation())
                .build();
        this.published = Caffeine.newBuilder()
                .maximumSize(properties.maxCodes())
                .expireAfter(Expiry.creating(
                        (String code, Boolean known) -> known ? properties.publishedFor() : properties.unknownFor()))
                // the injected clock, so that tests can let answers expire
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .build();
    }

    /**
     * @param code a service code (checked against {@code ActivityController.SERVICE_CODE})
     * @return whether the catalogue publishes it
     * @throws org.janseva.platform.web.ApiException 503 {@code CATALOG_UNAVAILABLE} when
     *     catalog-service gave no usable answer
     */
    boolean isPublished(String code) {
        Boolean known = published.getIfPresent(code);
        if (known != null) {
            return known;
        }
        // not Cache.get(code, loader): that would hold a lock of the cache's map during the call
        Answer answer = ask(code);
        if (answer == Answer.UNUSABLE) {
            throw AccountProblems.catalogUnavailable();
        }
        boolean isPublished = answer == Answer.PUBLISHED;
        published.put(code, isPublished);
        return isPublished;
    }

    private Answer ask(String code) {
        try {
            return client.get()
                    .uri("/api/v1/catalog/services/{code}", code)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .exchangeForRequiredValue((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == 200) {
                            StreamUtils.drain(response.getBody());
                            return Answer.PUBLISHED;
                        }
                        if (status == 404 && isServiceNotFound(response.bodyTo(JsonNode.class))) {
                            return Answer.UNKNOWN;
                        }
                        log.warn("catalog-service answered {} for a service code; taken as unavailable", status);
                        return Answer.UNUSABLE;
                    });
        } catch (RestClientException ex) {
            log.warn(
                    "catalog-service could not be asked about a service code: {}",
                    ex.getClass().getSimpleName());
            return Answer.UNUSABLE;
        }
    }

    private static boolean isServiceNotFound(JsonNode problem) {
        return problem != null
                && "SERVICE_NOT_FOUND".equals(problem.path("code").asString(""));
    }
}
