package org.janseva.catalog.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What an entry's ratings add up to.
 *
 * @param average the mean of the stars, one decimal place; 0 when there are none
 * @param count how many citizens rated it
 */
public record RatingSummary(BigDecimal average, int count) {

    /** An entry nobody rated yet. */
    public static final RatingSummary NONE = new RatingSummary(BigDecimal.ZERO.setScale(1), 0);

    static RatingSummary of(long starSum, int count) {
        if (count <= 0) {
            return NONE;
        }
        return new RatingSummary(
                BigDecimal.valueOf(starSum).divide(BigDecimal.valueOf(count), 1, RoundingMode.HALF_UP), count);
    }
}
