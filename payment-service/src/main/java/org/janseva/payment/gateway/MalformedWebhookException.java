package org.janseva.payment.gateway;

/**
 * A webhook whose signature and timestamp are good but whose content is not a usable event (a
 * field missing or not of its kind): answered 400 naming the field, never processed. Resending it
 * cannot help, as the gateway signed exactly this.
 */
public class MalformedWebhookException extends RuntimeException {

    private final String field;

    /**
     * @param field the field as the gateway's body names it, e.g. {@code data.amount}
     * @param message what is wrong with it, e.g. {@code must be a decimal number}
     */
    public MalformedWebhookException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    /** @return the field as the gateway's body names it */
    public String field() {
        return field;
    }

    /** @return what is wrong with the field */
    public String problem() {
        return getMessage().substring(field.length() + 1);
    }
}
