package org.janseva.adapter.spi;

import java.time.Duration;

/**
 * The outcome of {@link DepartmentAdapter#probe(AdapterSettings)}.
 *
 * @param reachable whether the department answered as expected
 * @param latency how long the probe took
 * @param message a short explanation for integrators, without secrets
 */
public record ProbeResult(boolean reachable, Duration latency, String message) {

    /** @return a successful probe */
    public static ProbeResult reachable(Duration latency, String message) {
        return new ProbeResult(true, latency, message);
    }

    /** @return a failed probe */
    public static ProbeResult unreachable(Duration latency, String message) {
        return new ProbeResult(false, latency, message);
    }
}
