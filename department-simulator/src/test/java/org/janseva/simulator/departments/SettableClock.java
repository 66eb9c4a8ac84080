package org.janseva.simulator.departments;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The real time until a test sets an instant; {@link #withZone} keeps following what is set. */
final class SettableClock extends Clock {

    private final AtomicReference<Instant> fixed;
    private final ZoneId zone;

    SettableClock() {
        this(new AtomicReference<>(), ZoneOffset.UTC);
    }

    private SettableClock(AtomicReference<Instant> fixed, ZoneId zone) {
        this.fixed = fixed;
        this.zone = zone;
    }

    void set(Instant instant) {
        fixed.set(instant);
    }

    void reset() {
        fixed.set(null);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SettableClock(fixed, zone);
    }

    @Override
    public Instant instant() {
        Instant instant = fixed.get();
        return instant != null ? instant : Instant.now();
    }
}
