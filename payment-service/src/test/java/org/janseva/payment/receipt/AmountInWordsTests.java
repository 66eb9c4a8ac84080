package org.janseva.payment.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AmountInWordsTests {

    @Test
    void shouldWriteRupeesAndPaiseInEnglishWithTheIndianSystem() {
        assertThat(AmountInWords.english(new BigDecimal("1234.50")))
                .isEqualTo("Rupees One Thousand Two Hundred Thirty-Four and Fifty Paise Only");
        assertThat(AmountInWords.english(new BigDecimal("12345678.05")))
                .isEqualTo("Rupees One Crore Twenty-Three Lakh Forty-Five Thousand Six Hundred Seventy-Eight"
                        + " and Five Paise Only");
        assertThat(AmountInWords.english(new BigDecimal("100000.00"))).isEqualTo("Rupees One Lakh Only");
        assertThat(AmountInWords.english(new BigDecimal("0.99"))).isEqualTo("Rupees Zero and Ninety-Nine Paise Only");
    }

    @Test
    void shouldWriteRupeesAndPaiseInHindi() {
        assertThat(AmountInWords.hindi(new BigDecimal("1234.50")))
                .isEqualTo("एक हज़ार दो सौ चौंतीस रुपये और पचास पैसे मात्र");
        assertThat(AmountInWords.hindi(new BigDecimal("250000.00"))).isEqualTo("दो लाख पचास हज़ार रुपये मात्र");
        assertThat(AmountInWords.hindi(new BigDecimal("99.99"))).isEqualTo("निन्यानबे रुपये और निन्यानबे पैसे मात्र");
    }

    @Test
    void shouldGroupDigitsTheIndianWayAndMaskConsumerNumbers() {
        assertThat(ReceiptPdf.rupees(new BigDecimal("1234567.5"))).isEqualTo("12,34,567.50");
        assertThat(ReceiptPdf.rupees(new BigDecimal("999"))).isEqualTo("999.00");
        assertThat(ReceiptPdf.mask("1234567890")).isEqualTo("******7890");
        assertThat(ReceiptPdf.mask("12345")).isEqualTo("****345");
    }
}
