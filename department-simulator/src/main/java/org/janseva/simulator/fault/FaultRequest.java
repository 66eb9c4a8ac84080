package org.janseva.simulator.fault;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The body of {@code PUT /faults/{target}}; absent fields mean "no such fault".
 *
 * @param latencyMs extra delay, 0 to 120000 ms
 * @param errorRate share of failing calls, 0 to 1
 * @param down whether the system is down
 * @param garbage whether the system answers bodies that are not JSON
 * @param oversized whether the system answers bodies of 2 MiB
 */
record FaultRequest(
        @Min(0) @Max(120_000) Long latencyMs,
        @DecimalMin("0.0") @DecimalMax("1.0") Double errorRate,
        Boolean down,
        Boolean garbage,
        Boolean oversized) {

    Fault toFault() {
        return new Fault(
                latencyMs == null ? 0 : latencyMs,
                errorRate == null ? 0 : errorRate,
                Boolean.TRUE.equals(down),
                Boolean.TRUE.equals(garbage),
                Boolean.TRUE.equals(oversized));
    }
}
