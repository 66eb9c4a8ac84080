package org.janseva.payment.gateway;

/** A webhook whose signature or timestamp is not acceptable: answered 401, never processed. */
public class InvalidWebhookException extends RuntimeException {

    public InvalidWebhookException(String reason) {
        super(reason);
    }
}
