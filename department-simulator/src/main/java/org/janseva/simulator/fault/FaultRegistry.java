package org.janseva.simulator.fault;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * The faults currently injected, and the calls counted, by target: a department or biller code
 * ({@code EPFO}, {@code BESCOM}), {@code sms} or {@code pg}. Everything the simulator answers asks
 * here first, through {@link FaultInjector}.
 */
@Component
public class FaultRegistry {

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, TargetStats> stats = new ConcurrentHashMap<>();

    /**
     * Applies the fault injected for a target, if any, before a simulated system answers: waits
     * the injected latency, then fails when the target is down or, by chance, at its error rate.
     *
     * @param target a department or biller code, {@code sms} or {@code pg}
     * @throws SimulatedFaultException when the call is to fail (the shared handler answers 503)
     */
    public void apply(String target) {
        Fault fault = get(target);
        if (fault.latencyMs() > 0) {
            try {
                Thread.sleep(fault.latencyMs());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault.down()) {
            throw new SimulatedFaultException(target, "down");
        }
        if (fault.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.errorRate()) {
            throw new SimulatedFaultException(target, "failing");
        }
    }

    void put(String target, Fault fault) {
        faults.put(normalise(target), fault);
    }

    boolean remove(String target) {
        return faults.remove(normalise(target)) != null;
    }

    Fault get(String target) {
        return faults.getOrDefault(normalise(target), Fault.NONE);
    }

    Map<String, Fault> all() {
        return new TreeMap<>(faults);
    }

    TargetStats stats(String target) {
        return stats.computeIfAbsent(normalise(target), t -> new TargetStats());
    }

    void resetStats(String target) {
        stats.remove(normalise(target));
    }

    private static String normalise(String target) {
        return target.toUpperCase(Locale.ROOT);
    }
}
