package org.janseva.user.citizen;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks MPINs: HMAC-SHA256 with the server's pepper first (a stolen table alone cannot
 * be brute-forced: 10^6 MPINs are nothing), then Argon2id with a random salt. Argon2 is slow by
 * design, so at most {@code maxConcurrentHashes} run at once; a login waits for a slot for
 * {@code queueTimeout}, then gets a 503 instead of piling up.
 */
@Component
public class MpinHasher {

    private final Argon2PasswordEncoder argon2;
    private final HmacSha256 pepper;
    private final Semaphore slots;
    private final long queueTimeoutMillis;
    private final Timer hashTimer;
    private final String dummyHash;
    private final long hashIntervalNanos;
    private long nextHashAt;

    MpinHasher(MpinProperties properties, MeterRegistry meters) {
        this.argon2 = new Argon2PasswordEncoder(
                16, 32, properties.parallelism(), properties.memoryKib(), properties.iterations());
        this.pepper = new HmacSha256(properties.checkedPepper());
        this.slots = new Semaphore(properties.maxConcurrentHashes(), true);
        this.queueTimeoutMillis = properties.queueTimeout().toMillis();
        this.hashIntervalNanos = 1_000_000_000L / properties.maxHashesPerSecond();
        this.hashTimer = Timer.builder("janseva.mpin.hash")
                .description("Argon2id MPIN hashing and verification")
                .publishPercentileHistogram()
                .register(meters);
        Gauge.builder("janseva.mpin.hash.queued", slots, Semaphore::getQueueLength)
                .description("MPIN checks and hashes waiting for an Argon2 slot")
                .register(meters);
        this.dummyHash = argon2.encode(peppered("000000"));
    }

    /** @return the stored form of a new MPIN */
    public String hash(String mpin) {
        try (Admission slot = admit()) {
            return slot.hash(mpin);
        }
    }

    /**
     * Takes a hashing slot now, for a hash to be computed later with it: a registration or an MPIN
     * reset is admitted before it uses up its OTP, so that a 503 leaves the OTP for the retry that
     * {@code Retry-After} invites. Close it (try-with-resources) as soon as it is not needed, also
     * when the OTP is refused: a held slot is one fewer for every login of the instance.
     *
     * @throws org.janseva.platform.web.ApiException 503 {@code LOGIN_BUSY} when no slot frees up
     *     within the queue timeout
     */
    public Admission admit() {
        acquire();
        return new Admission();
    }

    /** A hashing slot held; see {@link #admit()}. */
    public final class Admission implements AutoCloseable {

        private boolean held = true;

        private Admission() {}

        /**
         * Hashes a new MPIN in this slot, then gives the slot back (one hash per admission: what
         * follows, a transaction that may wait for locks, must not keep logins from Argon2).
         *
         * @return the stored form of the MPIN
         */
        public String hash(String mpin) {
            if (!held) {
                throw new IllegalStateException("The hashing slot was given back");
            }
            try {
                return hashTimer.record(() -> argon2.encode(peppered(mpin)));
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            if (held) {
                held = false;
                slots.release();
            }
        }
    }

    /**
     * @param mpin the MPIN presented
     * @param stored the stored hash, or {@code null} for a mobile without an account (the same
     *     work is done, so the answer's timing does not tell whether the account exists)
     * @return whether it matches
     */
    public boolean matches(String mpin, String stored) {
        return withSlot(() -> {
            boolean match = argon2.matches(peppered(mpin), stored == null ? dummyHash : stored);
            return stored != null && match;
        });
    }

    private <T> T withSlot(Supplier<T> work) {
        acquire();
        try {
            return hashTimer.record(work);
        } finally {
            slots.release();
        }
    }

    /** Waits for the next start time and a free slot, both within the queue timeout; else 503. */
    private void acquire() {
        long wait = reserveStart(System.nanoTime());
        if (wait < 0) {
            throw AccountProblems.busy();
        }
        boolean acquired;
        try {
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            acquired = slots.tryAcquire(queueTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw AccountProblems.busy();
        }
        if (!acquired) {
            throw AccountProblems.busy();
        }
    }

    /**
     * Reserves the next start time of a hash, at most {@code maxHashesPerSecond} apart.
     *
     * @return how long to wait before starting, or -1 when that is beyond the queue timeout
     */
    private synchronized long reserveStart(long now) {
        long start = Math.max(now, nextHashAt);
        long wait = start - now;
        if (wait > TimeUnit.MILLISECONDS.toNanos(queueTimeoutMillis)) {
            return -1;
        }
        nextHashAt = start + hashIntervalNanos;
        return wait;
    }

    private String peppered(String mpin) {
        return Base64.getEncoder().encodeToString(pepper.of(mpin));
    }
}
