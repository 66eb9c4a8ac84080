package org.janseva.catalog.catalogue;

/** Who may see and call an operation. */
public enum Visibility {
    /** listed in the catalogue and callable with a citizen's token */
    CITIZEN,
    /**
     * callable only by the platform's own services (token scope {@code service}), never listed:
     * e.g. a biller's {@code confirm-payment}, which payment-service calls after a payment succeeded
     */
    SERVICE
}
