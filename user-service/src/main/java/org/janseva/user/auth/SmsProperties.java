package org.janseva.user.auth;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMS gateway that delivers OTPs ({@code platform.user.sms.*}): an HTTP provider taking
 * {@code POST <base-url><path>} with {@code {"to", "text", "sender"}}. Local runs and tests use
 * the department simulator's (the local profile's URL).
 *
 * @param baseUrl the provider's base URL ({@code USER_SMS_BASE_URL}); the service does not start
 *     without it, nor when it points at this machine unless {@code allowLoopback}
 * @param allowLoopback whether the base URL may be a loopback address: the local profile's
 *     simulator and the tests' stub run on this machine, a provider never does
 * @param path the send path
 * @param sender the sender id shown on phones
 * @param apiKeyHeader the header carrying the provider's API key, if it needs one
 * @param apiKey the API key (from the environment)
 * @param connectTimeout connection timeout
 * @param readTimeout answer timeout
 * @param senderThreads the threads that send LOGIN and RESET_MPIN codes after the answer
 * @param queueCapacity the codes that may wait for a sender thread; beyond, a code is dropped
 *     (counted as {@code sms_failed}) rather than sent while the citizen waits
 */
@Validated
@ConfigurationProperties("platform.user.sms")
public record SmsProperties(
        String baseUrl,
        boolean allowLoopback,
        @DefaultValue("/sms/messages") @NotBlank String path,
        @DefaultValue("JANSVA") String sender,
        String apiKeyHeader,
        String apiKey,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("4") @Min(1) int senderThreads,
        @DefaultValue("1000") @Min(1) int queueCapacity) {}
