package org.janseva.simulator.fault;

/**
 * A fault injected into one simulated system (a department, the SMS gateway, the payment
 * gateway).
 *
 * @param latencyMs extra delay before every answer
 * @param errorRate the share of calls answered with a 503, from 0 to 1
 * @param down whether every call fails at once
 */
record Fault(long latencyMs, double errorRate, boolean down) {

    static final Fault NONE = new Fault(0, 0, false);
}
