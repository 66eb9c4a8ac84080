package org.janseva.simulator.departments;

/**
 * What a simulated department answers: a status and a JSON body.
 *
 * @param status the HTTP status
 * @param body the body, serialised as JSON
 */
record SimulatedAnswer(int status, Object body) {

    static SimulatedAnswer of(int status, Object body) {
        return new SimulatedAnswer(status, body);
    }
}
