package org.janseva.payment.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as the API shows it: {@code {"value": "1234.50", "currency": "INR"}}, a string decimal
 * with two places.
 *
 * @param value the amount, two decimal places
 * @param currency the ISO 4217 code; INR only
 */
public record Money(String value, String currency) {

    public static final String INR = "INR";

    /** @return the view of an amount in rupees */
    public static Money inr(BigDecimal amount) {
        return new Money(amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString(), INR);
    }

    /** @return the amount, scale 2 */
    public BigDecimal amount() {
        return new BigDecimal(value).setScale(2, RoundingMode.UNNECESSARY);
    }
}
