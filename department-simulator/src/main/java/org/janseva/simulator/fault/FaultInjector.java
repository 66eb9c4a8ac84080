package org.janseva.simulator.fault;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Applies a target's injected faults around its normal answer; every simulated system (the
 * departments, the billers, the SMS and payment gateways) answers through here:
 *
 * <pre>
 * return faults.answer("BESCOM", () -> ResponseEntity.ok(bill));
 * </pre>
 *
 * <p>In order: {@code down} fails at once; then the latency is waited; then a share of the calls
 * ({@code errorRate}) fail; then {@code garbage} or {@code oversized} bodies replace the answer.
 * Failures look like a real back end's: a 503 with internal error text, which the platform must
 * never pass on to a citizen.
 */
@Component
public class FaultInjector {

    /** What a failing simulated system answers; tests check that citizens never see it. */
    public static final String INTERNAL_ERROR_TEXT = "ORA-12541: TNS:no listener at gov.nic.backend.DbPool.acquire";

    private static final String FAILURE_BODY =
            "{\"error\":\"" + INTERNAL_ERROR_TEXT + "\",\"node\":\"app-07.internal\"}";
    private static final String GARBAGE_BODY = "<html><body><h1>502 Bad Gateway</h1>{\"status\":\"OK\",\"data\":[1,2,";
    private static final int OVERSIZED_BYTES = 2 * 1024 * 1024;

    private final FaultRegistry registry;
    private final byte[] oversizedBody;

    FaultInjector(FaultRegistry registry) {
        this.registry = registry;
        byte[] body = new byte[OVERSIZED_BYTES];
        Arrays.fill(body, (byte) 'x');
        byte[] head = "{\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        this.oversizedBody = body;
    }

    /**
     * @param target the simulated system, e.g. a department code
     * @param answer its normal answer, computed only when no fault replaces it
     * @return the answer to send
     */
    public ResponseEntity<?> answer(String target, Supplier<ResponseEntity<?>> answer) {
        TargetStats stats = registry.stats(target);
        long call = stats.enter();
        try {
            Fault fault = registry.get(target);
            if (fault.down()) {
                return failure();
            }
            if (fault.latencyMs() > 0 && !sleep(fault.latencyMs())) {
                return failure();
            }
            if (fails(call, fault.errorRate())) {
                return failure();
            }
            if (fault.garbage()) {
                return ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(GARBAGE_BODY);
            }
            if (fault.oversized()) {
                return ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(oversizedBody);
            }
            return answer.get();
        } finally {
            stats.exit();
        }
    }

    /** Call n fails when n x rate passes a whole number: exact rates, no randomness. */
    static boolean fails(long call, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        return Math.floor(call * rate) > Math.floor((call - 1) * rate);
    }

    private static ResponseEntity<?> failure() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .body(FAILURE_BODY);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
