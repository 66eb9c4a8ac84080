package org.janseva.user.citizen;

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
        this.dummyHash = argon2.encode(peppered("000000"));
    }

    /** @return the stored form of a new MPIN */
    public String hash(String mpin) {
        return withSlot(() -> argon2.encode(peppered(mpin)));
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
        try {
            return hashTimer.record(work);
        } finally {
            slots.release();
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
