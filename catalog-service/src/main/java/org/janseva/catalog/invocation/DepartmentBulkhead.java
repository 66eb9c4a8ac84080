package org.janseva.catalog.invocation;

import io.github.resilience4j.bulkhead.Bulkhead;

/**
 * A department's bulkhead across changes of its {@code maxConcurrentCalls}.
 *
 * <p>A new limit gets a new resilience4j bulkhead instead of {@code changeConfig}: resilience4j's
 * {@code SemaphoreBulkhead.changeConfig} takes the permits a lower limit removes with {@code
 * acquireUninterruptibly}, so with calls in flight it waits, without a limit, for them to finish,
 * and every call to the department waits behind it. Replacing never waits:
 *
 * <ul>
 *   <li>each call's permit goes back to the bulkhead that gave it;
 *   <li>the new bulkhead counts the calls still in flight on the earlier ones: it starts with as
 *       many of its permits held for them as there are (up to its limit), and gives one back each
 *       time one of them ends while fewer of them are left than it holds permits for. So with more
 *       calls in flight than the new limit, new calls are refused at once (503 with Retry-After)
 *       until enough of the earlier ones have ended, and the department never has more calls in
 *       flight than its current limit allows, beyond those it already had.
 * </ul>
 *
 * Every method holds this object's lock for a few field updates and non-blocking permit
 * operations only.
 */
final class DepartmentBulkhead {

    private Bulkhead current;
    /** Permits of {@link #current} held for calls admitted by earlier bulkheads. */
    private int heldForEarlier;
    /** Calls in flight that earlier bulkheads admitted. */
    private int earlierInFlight;

    DepartmentBulkhead(Bulkhead first) {
        this.current = first;
    }

    /** @return the bulkhead that gave a permit (to hand back to {@link #release}), or {@code null} when full */
    synchronized Bulkhead tryAcquire() {
        return current.tryAcquirePermission() ? current : null;
    }

    /** Hands a permit back to the bulkhead that gave it, once its call ended or was never made. */
    synchronized void release(Bulkhead from) {
        from.onComplete();
        if (from != current) {
            earlierInFlight--;
            if (heldForEarlier > earlierInFlight) {
                heldForEarlier--;
                current.releasePermission();
            }
        }
    }

    /** Puts a bulkhead with another limit in force; never waits. */
    synchronized void replace(Bulkhead next) {
        int inFlight = inFlight();
        int held = Math.min(inFlight, next.getBulkheadConfig().getMaxConcurrentCalls());
        for (int i = 0; i < held; i++) {
            // a fresh bulkhead has every permit free: this never fails
            next.tryAcquirePermission();
        }
        current = next;
        heldForEarlier = held;
        earlierInFlight = inFlight;
    }

    /** @return the calls in flight, whichever bulkhead admitted them */
    synchronized int inFlight() {
        int taken = current.getBulkheadConfig().getMaxConcurrentCalls()
                - current.getMetrics().getAvailableConcurrentCalls();
        return earlierInFlight + taken - heldForEarlier;
    }

    /** @return the share of the current limit in use, 0 to 1 */
    synchronized double saturation() {
        int max = current.getBulkheadConfig().getMaxConcurrentCalls();
        return max <= 0 ? 0 : Math.min(1, inFlight() / (double) max);
    }
}
