package org.janseva.simulator.fault;

import org.janseva.platform.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The answer of a simulated system that is down or failing by an injected fault: a 503 problem
 * with {@code Retry-After}, as a real back end under trouble would give.
 */
public class SimulatedFaultException extends ApiException {

    SimulatedFaultException(String target, String why) {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                "SIMULATED_FAULT",
                "Simulated system unavailable",
                "The simulated system " + target + " is " + why + " (an injected fault).");
        withHeader("Retry-After", "1");
    }
}
