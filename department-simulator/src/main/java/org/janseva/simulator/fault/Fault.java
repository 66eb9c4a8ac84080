package org.janseva.simulator.fault;

/**
 * A fault injected into one simulated system (a department, a biller, the SMS gateway, the
 * payment gateway).
 *
 * @param latencyMs extra delay before every answer (a large value makes the system hang)
 * @param errorRate the share of calls answered with a 503, from 0 to 1, spread evenly over the
 *     calls (a rate of 0.5 fails every second call), so that tests are repeatable
 * @param down whether every call fails at once with a 503, before any delay
 * @param garbage whether answers are a 200 whose body is not JSON
 * @param oversized whether answers are a 200 JSON body of 2 MiB
 */
record Fault(long latencyMs, double errorRate, boolean down, boolean garbage, boolean oversized) {

    static final Fault NONE = new Fault(0, 0, false, false, false);
}
