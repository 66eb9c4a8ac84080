package org.janseva.catalog.adapter;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How HTTP adapter types authenticate to a department, from the {@code auth.*} settings:
 * {@code none}; {@code api-key} (a header, {@code X-API-Key} unless {@code auth.headerName} says
 * otherwise); {@code basic}; {@code oauth2-client-credentials} (a token from {@code auth.tokenUrl},
 * client authentication {@code client_secret_basic}, kept until shortly before it expires and
 * shared by all calls to the department with the same {@code auth.*} settings: a changed setting,
 * a rotated client secret included, means a new token at the next call, on each instance as soon
 * as its catalogue has the change).
 */
@Component
public class DepartmentAuth {

    public static final String NONE = "none";
    public static final String API_KEY = "api-key";
    public static final String BASIC = "basic";
    public static final String OAUTH2 = "oauth2-client-credentials";

    /** The values of {@code auth.type}. */
    static final List<String> TYPES = List.of(NONE, API_KEY, BASIC, OAUTH2);

    /** The header an api key travels in unless {@code auth.headerName} names another. */
    public static final String DEFAULT_API_KEY_HEADER = "X-API-Key";

    /** The {@code auth.*} settings, for an adapter type's {@code settings()}. */
    public static final List<SettingDescriptor> DESCRIPTORS = List.of(
            SettingDescriptor.oneOf("auth.type", TYPES, "How calls authenticate", NONE),
            SettingDescriptor.optional(
                    "auth.headerName",
                    SettingDescriptor.Kind.STRING,
                    "api-key: the header carrying the key (1-" + HeaderRules.MAX_NAME_LENGTH
                            + " letters, digits and -, never one the platform sets)",
                    DEFAULT_API_KEY_HEADER),
            SettingDescriptor.secret(
                    "auth.apiKey",
                    "api-key: the key, in visible ASCII, at most " + HeaderRules.MAX_VALUE_BYTES + " bytes"),
            SettingDescriptor.optional(
                    "auth.username",
                    SettingDescriptor.Kind.STRING,
                    "basic: the user name, without ':', at most " + DepartmentAuth.MAX_USERNAME_BYTES
                            + " bytes (UTF-8)"),
            SettingDescriptor.secret(
                    "auth.password",
                    "basic: the password, at most " + DepartmentAuth.MAX_PASSWORD_BYTES
                            + " bytes (UTF-8); with the user name it makes the Authorization header"),
            SettingDescriptor.optional(
                    "auth.tokenUrl",
                    SettingDescriptor.Kind.URL,
                    "oauth2: the token endpoint, an http or https URL of at most " + SettingsValidator.MAX_URL_LENGTH
                            + " characters"),
            SettingDescriptor.optional(
                    "auth.clientId",
                    SettingDescriptor.Kind.STRING,
                    "oauth2: the client id, at most " + DepartmentAuth.MAX_CLIENT_ID_BYTES + " bytes (UTF-8)"),
            SettingDescriptor.secret(
                    "auth.clientSecret",
                    "oauth2: the client secret, at most " + DepartmentAuth.MAX_CLIENT_SECRET_BYTES
                            + " bytes (UTF-8); with the client id it makes the token request's Authorization header"),
            SettingDescriptor.optional(
                    "auth.scope",
                    SettingDescriptor.Kind.STRING,
                    "oauth2: the scope to ask for, at most " + DepartmentAuth.MAX_SCOPE_BYTES + " bytes (UTF-8)"));

    /*
     * The credentials of basic and oauth2 travel base64-encoded in an Authorization header, which
     * like every header value must stay within HeaderRules.MAX_VALUE_BYTES (4096), or the
     * department's server refuses every call while its health stays UP. Each setting has a bound of
     * its own, so that any values within them fit, and an integrator is told which one is too long:
     * basic sends "Basic " + base64(username ":" password): 6 + 4 * ceil((512 + 1 + 2048) / 3) =
     * 3422 bytes; oauth2's token request sends "Basic " + base64(urlencoded id ":" urlencoded
     * secret), where URL encoding may triple a byte: 6 + 4 * ceil((3 * (256 + 512) + 1) / 3) = 3082.
     */

    /** The most bytes (UTF-8) of {@code auth.username}. */
    public static final int MAX_USERNAME_BYTES = 512;

    /** The most bytes (UTF-8) of {@code auth.password}. */
    public static final int MAX_PASSWORD_BYTES = 2048;

    /** The most bytes (UTF-8) of {@code auth.clientId}. */
    public static final int MAX_CLIENT_ID_BYTES = 256;

    /** The most bytes (UTF-8) of {@code auth.clientSecret}. */
    public static final int MAX_CLIENT_SECRET_BYTES = 512;

    /**
     * The most bytes (UTF-8) of {@code auth.scope}: it travels in the token request's body, not a
     * header, but RFC 6749 sets no bound, and 1 KiB is dozens of scopes.
     */
    public static final int MAX_SCOPE_BYTES = 1024;

    /**
     * The bounds of the {@code auth.*} settings of basic and oauth2, in bytes (UTF-8), by setting:
     * the admin API refuses a longer value, and the settings schema gives each as {@code maxLength}
     * (a character takes at least one byte, so it is the bound for ASCII and an upper bound
     * otherwise). The api key's is {@link HeaderRules#MAX_VALUE_BYTES}; the token URL's, as every
     * URL setting's, {@link SettingsValidator#MAX_URL_LENGTH} characters.
     */
    public static final Map<String, Integer> MAX_BYTES = Map.of(
            "auth.username", MAX_USERNAME_BYTES,
            "auth.password", MAX_PASSWORD_BYTES,
            "auth.clientId", MAX_CLIENT_ID_BYTES,
            "auth.clientSecret", MAX_CLIENT_SECRET_BYTES,
            "auth.scope", MAX_SCOPE_BYTES);

    /** The {@code auth.*} settings each type uses; any other is left over from another type. */
    static final Map<String, List<String>> SETTINGS_OF_TYPE = Map.of(
            NONE, List.of("type"),
            API_KEY, List.of("type", "headerName", "apiKey"),
            BASIC, List.of("type", "username", "password"),
            OAUTH2, List.of("type", "tokenUrl", "clientId", "clientSecret", "scope"));

    /** The {@code auth.*} settings each type cannot do without, for the settings schema ({@link #validate} asks for them). */
    static final Map<String, List<String>> REQUIRED_OF_TYPE = Map.of(
            API_KEY, List.of("apiKey"),
            BASIC, List.of("username", "password"),
            OAUTH2, List.of("tokenUrl", "clientId", "clientSecret"));

    /** A token is replaced this long before it expires. */
    private static final Duration REFRESH_BEFORE = Duration.ofSeconds(30);

    /** The MAC of the settings' fingerprint in a token's key. */
    private static final String FINGERPRINT = "HmacSHA256";

    private final DepartmentHttp http;
    private final Clock clock;
    /** Tokens by department and settings ({@link #tokenKey}). */
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

    private final Map<String, ReentrantLock> tokenLocks = new ConcurrentHashMap<>();

    /** Keys the settings' fingerprint in {@link #tokenKey}; never leaves this instance. */
    private final SecretKeySpec fingerprintKey;

    /** A token obtained; one the department refused is kept, stale, until replaced (dry runs mask it). */
    private record CachedToken(String value, Instant refreshAt) {}

    @Autowired
    DepartmentAuth(DepartmentHttp http, ObjectProvider<Clock> clock) {
        this(http, clock.getIfUnique(Clock::systemUTC));
    }

    DepartmentAuth(DepartmentHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.fingerprintKey = new SecretKeySpec(key, FINGERPRINT);
    }

    /** @return the problems of the {@code auth.*} settings */
    public List<SettingProblem> validate(AdapterSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        String type = settings.string("auth.type").orElse(NONE);
        switch (type) {
            case API_KEY -> {
                requireSecret(settings, problems, "auth.apiKey");
                // the key travels as it is in a header (never repeated in the message: it is a secret)
                settings.string("auth.apiKey")
                        .flatMap(HeaderRules::settingValueProblem)
                        .ifPresent(problem -> problems.add(new SettingProblem("auth.apiKey", problem)));
            }
            case BASIC -> {
                require(settings, problems, "auth.username");
                requireSecret(settings, problems, "auth.password");
                if (settings.string("auth.username")
                        .filter(u -> u.contains(":"))
                        .isPresent()) {
                    problems.add(new SettingProblem("auth.username", "must not contain ':'"));
                }
                for (String name : List.of("auth.username", "auth.password")) {
                    tooLong(
                                    settings,
                                    name,
                                    "with the " + (name.equals("auth.username") ? "password" : "user name")
                                            + " it makes the Authorization header of every call (Basic and their base64), and"
                                            + HEADER_BOUND)
                            .ifPresent(problems::add);
                }
            }
            case OAUTH2 -> {
                require(settings, problems, "auth.tokenUrl");
                require(settings, problems, "auth.clientId");
                requireSecret(settings, problems, "auth.clientSecret");
                for (String name : List.of("auth.clientId", "auth.clientSecret")) {
                    tooLong(
                                    settings,
                                    name,
                                    "with the " + (name.equals("auth.clientId") ? "client secret" : "client id")
                                            + " it makes the Authorization header of every token request (Basic and their"
                                            + " base64, URL-encoded first), and" + HEADER_BOUND)
                            .ifPresent(problems::add);
                }
                tooLong(
                                settings,
                                "auth.scope",
                                "it is asked for in every token request, and no token endpoint" + " needs a longer one")
                        .ifPresent(problems::add);
            }
            default -> {
                // none: nothing to check
            }
        }
        // Content-Length or Host as the key's header would break every call while health stays UP
        settings.string("auth.headerName")
                .flatMap(HeaderRules::credentialHeaderProblem)
                .ifPresent(problem -> problems.add(new SettingProblem("auth.headerName", problem)));
        // a setting of another type is never used, and a secret among them would be kept for nothing
        List<String> used = SETTINGS_OF_TYPE.get(type);
        if (used != null) {
            for (String name : settings.map("auth").keySet()) {
                if (!used.contains(name)) {
                    problems.add(new SettingProblem(
                            "auth." + name,
                            "is not a setting of auth.type " + type + ", which uses "
                                    + used.stream().map(n -> "auth." + n).toList()
                                    + "; remove it (in a PATCH send null)"));
                }
            }
        }
        return problems;
    }

    /**
     * A value longer than {@link #MAX_BYTES} allows; the message gives the lengths, never the value
     * (it may be a secret).
     *
     * @param why why the bound, after the lengths
     */
    private static Optional<SettingProblem> tooLong(AdapterSettings settings, String name, String why) {
        int max = MAX_BYTES.get(name);
        return settings.string(name)
                .map(value -> value.getBytes(StandardCharsets.UTF_8).length)
                .filter(bytes -> bytes > max)
                .map(bytes ->
                        new SettingProblem(name, "must be at most " + max + " bytes (it has " + bytes + "): " + why));
    }

    private static final String HEADER_BOUND = " common servers and proxies refuse a header value over "
            + HeaderRules.MAX_VALUE_BYTES + " bytes, so every call would be refused while the department shows UP";

    /** The shortest secret taken: a shorter one is guessed at once, and cannot be masked in dry runs. */
    public static final int MIN_SECRET_LENGTH = 4;

    private static void requireSecret(AdapterSettings settings, List<SettingProblem> problems, String name) {
        require(settings, problems, name);
        if (settings.string(name)
                .filter(v -> !v.isBlank() && v.codePointCount(0, v.length()) < MIN_SECRET_LENGTH)
                .isPresent()) {
            problems.add(new SettingProblem(name, "must be at least " + MIN_SECRET_LENGTH + " characters"));
        }
    }

    /**
     * @return the value of the {@code Authorization} header of {@code basic} auth after "Basic ",
     *     a secret as much as the password in it
     */
    public static String basicCredentials(AdapterSettings settings) {
        return base64(settings.string("auth.username").orElse("") + ":"
                + settings.string("auth.password").orElse(""));
    }

    private static void require(AdapterSettings settings, List<SettingProblem> problems, String name) {
        if (settings.string(name).filter(v -> !v.isBlank()).isEmpty()) {
            problems.add(new SettingProblem(
                    name,
                    "is required with auth.type " + settings.string("auth.type").orElse(NONE)));
        }
    }

    /**
     * @param settings the department's settings, secrets decrypted
     * @param timeout the call's timeout, also for obtaining a token
     * @return the headers that authenticate a call (secrets inside: never log them)
     * @throws DepartmentCallException when an OAuth2 token cannot be obtained
     */
    public Map<String, String> headers(AdapterSettings settings, Duration timeout) {
        String type = settings.string("auth.type").orElse(NONE);
        return switch (type) {
            case API_KEY -> apiKeyHeader(settings);
            case BASIC -> Map.of("Authorization", "Basic " + basicCredentials(settings));
            case OAUTH2 -> Map.of("Authorization", "Bearer " + token(settings, timeout));
            default -> Map.of();
        };
    }

    /**
     * @param settings a department's settings, secrets decrypted
     * @return the api key's header, name to key (a secret: never log it), or nothing when the
     *     department does not authenticate with {@code api-key}
     */
    public static Map<String, String> apiKeyHeader(AdapterSettings settings) {
        if (!API_KEY.equals(settings.string("auth.type").orElse(NONE))) {
            return Map.of();
        }
        return Map.of(
                settings.string("auth.headerName").orElse(DEFAULT_API_KEY_HEADER),
                settings.string("auth.apiKey").orElse(""));
    }

    /**
     * The header {@code auth} adds to every call whose value the settings fix (not an OAuth2 token,
     * which the department's token endpoint chooses), to count with the static headers.
     *
     * @param settings a department's settings, secrets decrypted
     * @return the api key's header or basic's {@code Authorization}, name to value (a secret: never
     *     log it), or nothing
     */
    public static Map<String, String> fixedHeader(AdapterSettings settings) {
        return switch (settings.string("auth.type").orElse(NONE)) {
            case API_KEY -> apiKeyHeader(settings);
            case BASIC -> Map.of("Authorization", "Basic " + basicCredentials(settings));
            default -> Map.of();
        };
    }

    /**
     * Forgets the department's OAuth2 token after the department refused it; the next call obtains
     * a new one.
     */
    public void credentialsRefused(AdapterSettings settings) {
        if (OAUTH2.equals(settings.string("auth.type").orElse(NONE))) {
            tokens.computeIfPresent(
                    tokenKey(settings), (key, refused) -> new CachedToken(refused.value(), Instant.MIN));
        }
    }

    /**
     * @param departmentCode a department
     * @return the OAuth2 access tokens this instance holds for it, refused ones included: secrets,
     *     only for masking them where the department's answers are shown
     */
    public List<String> tokensOf(String departmentCode) {
        String prefix = departmentCode + "|";
        return tokens.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .map(entry -> entry.getValue().value())
                .toList();
    }

    private String token(AdapterSettings settings, Duration timeout) {
        String key = tokenKey(settings);
        CachedToken cached = tokens.get(key);
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return cached.value();
        }
        // one fetch at a time per department; the others wait for it, but no longer than their own
        // call may take (its budget also covers this wait)
        ReentrantLock lock = tokenLocks.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            if (!lock.tryLock(Math.max(0, http.remaining(timeout).toNanos()), TimeUnit.NANOSECONDS)) {
                throw tokenTimeout(settings);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw tokenTimeout(settings);
        }
        try {
            cached = tokens.get(key);
            if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
                return cached.value();
            }
            CachedToken fresh = fetchToken(settings, timeout);
            tokens.put(key, fresh);
            forgetStaleTokens(settings.departmentCode(), key);
            return fresh.value();
        } finally {
            lock.unlock();
        }
    }

    private static DepartmentCallException tokenTimeout(AdapterSettings settings) {
        return new DepartmentCallException(
                DepartmentCallException.Kind.TIMEOUT,
                0,
                "The token endpoint of " + settings.departmentCode() + " did not answer in time");
    }

    private CachedToken fetchToken(AdapterSettings settings, Duration timeout) {
        URI tokenUri = URI.create(settings.string("auth.tokenUrl").orElseThrow());
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        settings.string("auth.scope")
                .filter(s -> !s.isBlank())
                .ifPresent(scope -> form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Authorization",
                "Basic "
                        + base64(URLEncoder.encode(
                                        settings.string("auth.clientId").orElse(""), StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(
                                        settings.string("auth.clientSecret").orElse(""), StandardCharsets.UTF_8)));
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        DepartmentHttpAnswer answer = http.exchange(new DepartmentHttpRequest(
                "POST", tokenUri, headers, form.toString().getBytes(StandardCharsets.UTF_8), timeout));
        String where = "The token endpoint of " + settings.departmentCode();
        if (!answer.successful()) {
            throw new DepartmentCallException(
                    DepartmentCallException.Kind.SERVER_ERROR, answer.status(), where + " answered " + answer.status());
        }
        Object body = http.parseJson(answer.body(), where);
        String token = body instanceof Map<?, ?> map
                ? Optional.ofNullable(map.get("access_token"))
                        .map(String::valueOf)
                        .orElse(null)
                : null;
        if (token == null || token.isBlank()) {
            throw new DepartmentCallException(
                    DepartmentCallException.Kind.BAD_ANSWER, answer.status(), where + " answered no access_token");
        }
        long expiresIn = 300;
        if (body instanceof Map<?, ?> map && map.get("expires_in") instanceof Number n) {
            expiresIn = n.longValue();
        }
        // replaced 30 s before it expires, or half-way through a short life
        long keepSeconds = Math.max(expiresIn - REFRESH_BEFORE.toSeconds(), expiresIn / 2);
        Instant refreshAt = clock.instant().plusSeconds(keepSeconds);
        return new CachedToken(token, refreshAt);
    }

    /**
     * Tokens obtained under the department's earlier settings (a secret since rotated) are dropped
     * once they are stale; those still fresh stay, for an instance whose catalogue has yet to see the
     * change, which calls with the earlier settings meanwhile.
     */
    private void forgetStaleTokens(String departmentCode, String keep) {
        Instant now = clock.instant();
        String prefix = departmentCode + "|";
        tokens.entrySet()
                .removeIf(entry -> entry.getKey().startsWith(prefix)
                        && !entry.getKey().equals(keep)
                        && !now.isBefore(entry.getValue().refreshAt()));
        // a lock dropped while held costs at most one token fetched twice
        tokenLocks.keySet().removeIf(key -> key.startsWith(prefix) && !tokens.containsKey(key));
    }

    /**
     * The department and a fingerprint of every setting the token depends on, the client secret
     * included: a department whose settings change gets a new token at its next call. The
     * fingerprint is an HMAC under a key of this instance, so that the key of the map tells nothing
     * of the secret, should it ever be shown.
     */
    private String tokenKey(AdapterSettings settings) {
        try {
            Mac mac = Mac.getInstance(FINGERPRINT);
            mac.init(fingerprintKey);
            for (String name : List.of("auth.tokenUrl", "auth.clientId", "auth.clientSecret", "auth.scope")) {
                byte[] value = settings.string(name).orElse("").getBytes(StandardCharsets.UTF_8);
                // length-prefixed, so that no two different settings make the same input
                mac.update(
                        ByteBuffer.allocate(Integer.BYTES).putInt(value.length).array());
                mac.update(value);
            }
            return settings.departmentCode() + "|"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is not available", ex);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
