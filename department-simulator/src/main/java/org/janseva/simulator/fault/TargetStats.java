package org.janseva.simulator.fault;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the calls one simulated system received, and how many it held at once. */
final class TargetStats {

    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** @return the number of this call, from 1 */
    long enter() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        return calls.incrementAndGet();
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    View view() {
        return new View(calls.get(), inFlight.get(), maxInFlight.get());
    }

    /**
     * What {@code GET /faults/{target}/stats} answers.
     *
     * @param calls calls received since the last reset
     * @param inFlight calls being answered now
     * @param maxInFlight the most calls held at once since the last reset
     */
    record View(long calls, int inFlight, int maxInFlight) {}
}
