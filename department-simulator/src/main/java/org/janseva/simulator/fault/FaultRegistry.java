package org.janseva.simulator.fault;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The faults currently injected, by target: a department code ({@code EPFO}), {@code sms} or
 * {@code pg}. Everything the simulator answers asks here first.
 */
@Component
public class FaultRegistry {

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

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

    private static String normalise(String target) {
        return target.toUpperCase(java.util.Locale.ROOT);
    }
}
