package org.janseva.simulator.fault;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
