package org.janseva.catalog.adapter;

import java.util.List;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingDescriptor.Kind;

/**
 * Settings every department has, whatever its adapter type: the invocation layer reads them to
 * size the department's bulkhead and time limiter.
 */
public final class CommonSettings {

    /** The longest a call to the department may take, in ms (default 3000). */
    public static final String TIMEOUT_MS = "timeoutMs";

    /** How many calls the department is sent at once (default 10); more are refused at once. */
    public static final String MAX_CONCURRENT_CALLS = "maxConcurrentCalls";

    public static final int DEFAULT_TIMEOUT_MS = 3000;
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 10;

    static final int MIN_TIMEOUT_MS = 50;
    static final int MAX_TIMEOUT_MS = 30_000;
    static final int MAX_CONCURRENT_CALLS_LIMIT = 500;

    /** Why a platform caps {@link #TIMEOUT_MS} below the adapter types' own limit. */
    static final String TIMEOUT_CAP_REASON =
            "a citizen's call, a retry included, must end before the gateway's route timeout";

    /** Why a platform caps {@link #MAX_CONCURRENT_CALLS} below the adapter types' own limit. */
    static final String CONCURRENCY_CAP_REASON =
            "one department may hold no more of the connections and threads every department shares";

    static final List<SettingDescriptor> DESCRIPTORS = List.of(
            SettingDescriptor.optional(
                    TIMEOUT_MS,
                    Kind.INTEGER,
                    "The longest a call may take, in ms: at least " + MIN_TIMEOUT_MS
                            + ", at most the platform's cap (the settings schema's maximum,"
                            + " platform.catalog.invocation.max-department-timeout); keep it below the gateway's route timeout",
                    DEFAULT_TIMEOUT_MS),
            SettingDescriptor.optional(
                    MAX_CONCURRENT_CALLS,
                    Kind.INTEGER,
                    "How many calls the department is sent at once: at least 1, at most the platform's cap (the"
                            + " settings schema's maximum, platform.catalog.invocation.max-department-concurrent-calls);"
                            + " further calls are refused at once with 503",
                    DEFAULT_MAX_CONCURRENT_CALLS));

    private CommonSettings() {}

    /** @return the department's call timeout in ms */
    public static int timeoutMs(AdapterSettings settings) {
        return settings.integer(TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
    }

    /** @return how many calls the department may have in flight */
    public static int maxConcurrentCalls(AdapterSettings settings) {
        return settings.integer(MAX_CONCURRENT_CALLS, DEFAULT_MAX_CONCURRENT_CALLS);
    }
}
