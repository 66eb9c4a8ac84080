package org.janseva.payment.payment;

/**
 * An answer to {@code POST /api/v1/payments}, as stored for its idempotency key or as given now.
 *
 * @param status the HTTP status
 * @param body the JSON body, exactly as sent the first time
 * @param paymentId the payment, for {@code Location}
 * @param replayed whether this is a replay of the first answer
 */
record StoredAnswer(int status, String body, String paymentId, boolean replayed) {}
