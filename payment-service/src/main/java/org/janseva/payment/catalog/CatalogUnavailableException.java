package org.janseva.payment.catalog;

/** catalog-service or the department behind it could not answer now; worth retrying later. */
public class CatalogUnavailableException extends RuntimeException {

    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
