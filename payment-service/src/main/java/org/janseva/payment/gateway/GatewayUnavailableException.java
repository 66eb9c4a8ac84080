package org.janseva.payment.gateway;

/** The gateway gave no final answer (down, timed out, 5xx); the caller retries later. */
public class GatewayUnavailableException extends RuntimeException {

    public GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
