package org.janseva.user.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.janseva.platform.core.config.ProviderUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Sends texts through the configured HTTP SMS provider. The text (it holds the OTP) and the
 * number are never logged.
 */
@Component
class SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(SmsGateway.class);

    private final RestClient client;
    private final SmsProperties properties;

    SmsGateway(SmsProperties properties) {
        this.properties = properties;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .build());
        factory.setReadTimeout(properties.readTimeout());
        URI baseUrl = ProviderUrls.require(
                "platform.user.sms.base-url",
                "USER_SMS_BASE_URL",
                "SMS provider",
                properties.baseUrl(),
                properties.allowLoopback());
        RestClient.Builder builder = RestClient.builder().baseUrl(baseUrl).requestFactory(factory);
        if (hasText(properties.apiKeyHeader()) && hasText(properties.apiKey())) {
            builder.defaultHeader(properties.apiKeyHeader(), properties.apiKey());
        }
        this.client = builder.build();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * @param toE164 the number
     * @param text the text
     * @return whether the provider accepted it
     */
    boolean send(String toE164, String text) {
        try {
            client.post()
                    .uri(properties.path())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("to", toE164, "text", text, "sender", properties.sender()))
                    .retrieve()
                    .toBodilessEntity();
            return true;
        } catch (RestClientResponseException ex) {
            // the status tells the on-call what to ask the provider (402: out of credit, 401/403:
            // our key, 429: our rate, 5xx: theirs); the body is not logged, it may echo the text
            log.warn(
                    "The SMS gateway did not accept a message: HTTP {}",
                    ex.getStatusCode().value());
            return false;
        } catch (RestClientException ex) {
            Throwable cause = ex.getMostSpecificCause();
            log.warn(
                    "The SMS gateway did not accept a message: {}{}",
                    ex.getClass().getSimpleName(),
                    cause == ex ? "" : " (" + cause.getClass().getSimpleName() + ")");
            return false;
        }
    }
}
