package org.janseva.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The outside world of user-service's tests, and the citizen's side of the API. */
public final class UserServiceTestSupport {

    /** How the SMS gateway answers when it takes a message. */
    public static final Answer SMS_ACCEPTED =
            new Answer(202, "application/json", "{\"status\":\"ACCEPTED\"}", 0, Map.of());

    /** The SMS gateway: every OTP text lands here. */
    public static final StubHttpServer SMS = StubHttpServer.start().otherwise(SMS_ACCEPTED);

    /** payment-service: its erasure endpoint. */
    public static final StubHttpServer PAYMENTS = StubHttpServer.start();

    /** catalog-service: its erasure endpoint. */
    public static final StubHttpServer CATALOG = StubHttpServer.start();

    /**
     * catalog-service: the catalogue as user-service asks it whether a service code is published
     * (favourites). Tests that need a code of their own publish it; these are published for all.
     */
    public static final CatalogueStub CATALOGUE = CatalogueStub.start()
            .publish("EPFO-PASSBOOK", "EPFO-CLAIM-STATUS", "EPFO-KYC-STATUS", "EPFO-PENSION-STATUS", "BESCOM-BILL");

    private static final AtomicLong MOBILES =
            new AtomicLong(ThreadLocalRandom.current().nextLong(10_000_000L));
    private static final Pattern OTP_IN_TEXT = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");

    private UserServiceTestSupport() {}

    /** Points the application at the stubs; one class, so every test shares one context. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "userServiceTestStubs",
                            Map.of(
                                    "platform.user.sms.base-url",
                                    SMS.baseUri().toString(),
                                    "platform.user.erasure.payment-service-url",
                                    PAYMENTS.baseUri().toString(),
                                    "platform.user.erasure.catalog-service-url",
                                    CATALOG.baseUri().toString(),
                                    "platform.user.catalog.base-url",
                                    CATALOGUE.baseUri().toString(),
                                    "platform.user.erasure.poll-interval",
                                    "200ms",
                                    "platform.user.erasure.first-retry",
                                    "100ms")));
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class ClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    /** @return a mobile number no other test uses, as a citizen types it */
    public static String newMobile() {
        return "98" + String.format("%08d", MOBILES.incrementAndGet() % 100_000_000L);
    }

    /** @return a client address no other test uses (the per-address OTP limit is small in tests) */
    public static String newAddress() {
        long n = MOBILES.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /**
     * Waits until this many database sessions wait for a lock (a row, a table or an advisory lock
     * that a test holds, or one the requests take from each other).
     */
    public static void awaitWaiting(DataSource dataSource, int waiting) throws InterruptedException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int now = 0;
        while (Instant.now().isBefore(deadline)) {
            now = jdbc.sql("""
                            select count(*) from pg_stat_activity
                            where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0
                            """).query(Integer.class).single();
            if (now >= waiting) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(now).as("sessions waiting for a lock").isEqualTo(waiting);
    }

    /** The citizen's side: the JSON endpoints as an app calls them. */
    public record Citizen(TestHttp http) {

        public HttpResponse<String> requestOtp(String mobile, String purpose) {
            return requestOtp(mobile, purpose, "X-Forwarded-For", newAddress());
        }

        /** @return the answer to an OTP request sent with the given headers (name, value, ...) */
        public HttpResponse<String> requestOtp(String mobile, String purpose, String... headers) {
            return http.postJson(
                    "/api/v1/auth/otp", "{\"mobile\": \"" + mobile + "\", \"purpose\": \"" + purpose + "\"}", headers);
        }

        /**
         * @return the otpRef of an OTP that was sent, once its SMS has reached the SMS gateway (LOGIN
         *     and RESET_MPIN codes go out after the answer)
         */
        public String otpRef(String mobile, String purpose) {
            int before = smsTo(mobile).size();
            HttpResponse<String> response = requestOtp(mobile, purpose);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (smsTo(mobile).size() == before && Instant.now().isBefore(deadline)) {
                pause();
            }
            assertThat(smsTo(mobile)).as("the SMS of the OTP").hasSizeGreaterThan(before);
            return TestHttp.json(response).path("otpRef").asString();
        }

        /** @return the text of the newest SMS sent to the mobile, waiting for one after {@code before} */
        public String smsTextAfter(String mobile, int before) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (smsTo(mobile).size() <= before && Instant.now().isBefore(deadline)) {
                pause();
            }
            List<StubHttpServer.Recorded> sent = smsTo(mobile);
            assertThat(sent).as("an SMS to the mobile").hasSizeGreaterThan(before);
            return TestHttp.jsonMapper()
                    .readTree(sent.get(sent.size() - 1).body())
                    .path("text")
                    .asString();
        }

        /** @return how many SMS the mobile has been sent */
        public int smsCount(String mobile) {
            return smsTo(mobile).size();
        }

        /** @return the code of the newest SMS sent to the mobile */
        public String lastOtp(String mobile) {
            List<StubHttpServer.Recorded> sent = smsTo(mobile);
            assertThat(sent).as("an SMS to the mobile").isNotEmpty();
            JsonNode message =
                    TestHttp.jsonMapper().readTree(sent.get(sent.size() - 1).body());
            Matcher matcher = OTP_IN_TEXT.matcher(message.path("text").asString());
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }

        private static List<StubHttpServer.Recorded> smsTo(String mobile) {
            return SMS.requests().stream()
                    .filter(r -> r.body().contains(mobile.substring(mobile.length() - 10)))
                    .toList();
        }

        public HttpResponse<String> register(String mobile, String otpRef, String otp, String mpin) {
            return register(mobile, otpRef, otp, mpin, "KA");
        }

        /** @return the answer to a registration naming this state */
        public HttpResponse<String> register(String mobile, String otpRef, String otp, String mpin, String state) {
            return http.postJson(
                    "/api/v1/auth/register",
                    "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + otpRef + "\", \"otp\": \"" + otp
                            + "\", \"mpin\": \"" + mpin + "\", \"name\": \"Asha Devi\", \"preferredLanguage\": \"hi\","
                            + " \"state\": \"" + state + "\"}");
        }

        /** Registers a new citizen and returns the token response. */
        public JsonNode registered(String mobile, String mpin) {
            String ref = otpRef(mobile, "REGISTER");
            HttpResponse<String> response = register(mobile, ref, lastOtp(mobile), mpin);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return TestHttp.json(response);
        }

        public HttpResponse<String> loginWithMpin(String mobile, String mpin) {
            return http.postJson("/api/v1/auth/login", "{\"mobile\": \"" + mobile + "\", \"mpin\": \"" + mpin + "\"}");
        }

        public HttpResponse<String> loginWithOtp(String mobile, String otpRef, String otp) {
            return http.postJson(
                    "/api/v1/auth/login",
                    "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + otpRef + "\", \"otp\": \"" + otp + "\"}");
        }

        public HttpResponse<String> resetMpin(String mobile, String otpRef, String otp, String newMpin) {
            return http.postJson(
                    "/api/v1/auth/mpin-reset",
                    "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + otpRef + "\", \"otp\": \"" + otp
                            + "\", \"newMpin\": \"" + newMpin + "\"}");
        }

        public HttpResponse<String> refresh(String refreshToken) {
            return http.postJson("/api/v1/auth/refresh", "{\"refresh_token\": \"" + refreshToken + "\"}");
        }

        public HttpResponse<String> logout(String refreshToken) {
            return http.postJson("/api/v1/auth/logout", "{\"refresh_token\": \"" + refreshToken + "\"}");
        }

        /**
         * @return the answer to {@code DELETE /api/v1/users/me}, the erasure of the token's account,
         *     confirmed with this MPIN
         */
        public HttpResponse<String> erase(String accessToken, String mpin) {
            return http.sendJson(
                    "DELETE",
                    "/api/v1/users/me",
                    "{\"mpin\": \"" + mpin + "\"}",
                    "Authorization",
                    "Bearer " + accessToken);
        }

        public HttpResponse<String> get(String path, String accessToken) {
            return http.get(path, "Authorization", "Bearer " + accessToken);
        }

        /** A client_credentials request as a machine client sends it. */
        public HttpResponse<String> clientCredentials(String clientId, String secret, String scope) {
            String basic =
                    Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
            return http.send(http.request("/oauth2/token")
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
                    .build());
        }

        public String accessToken(String clientId, String secret, String scope) {
            HttpResponse<String> response = clientCredentials(clientId, secret, scope);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return TestHttp.json(response).path("access_token").asString();
        }
    }
}
