package org.janseva.simulator.pg;

import org.janseva.platform.web.ApiException;
import org.springframework.http.HttpStatus;

/** The order is no longer open for what was asked (already paid, failed or cancelled). */
class PgOrderNotOpenException extends ApiException {

    PgOrderNotOpenException(String orderId, String status) {
        super(HttpStatus.CONFLICT, "ORDER_NOT_OPEN", "Order not open", "Order " + orderId + " is " + status + ".");
        withProperty("orderStatus", status);
    }
}
