package org.janseva.adapter.spi;

import java.time.Duration;

/**
 * The outcome of {@link DepartmentAdapter#probe(AdapterSettings)}.
 *
 * @param reachable whether the department answered as expected
 * @param latency how long the probe took
 * @param message a short explanation for integrators, without secrets
 */
public record ProbeResult(boolean reachable, Duration latency, String message) {}
