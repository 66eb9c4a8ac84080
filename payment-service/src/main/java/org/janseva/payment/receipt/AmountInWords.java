package org.janseva.payment.receipt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rupee amounts in words, in the Indian numbering system (thousand, lakh, crore), in English and
 * in Hindi, as Indian receipts and cheques write them.
 */
final class AmountInWords {

    private static final String[] EN_ONES = {
        "Zero",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "Eleven",
        "Twelve",
        "Thirteen",
        "Fourteen",
        "Fifteen",
        "Sixteen",
        "Seventeen",
        "Eighteen",
        "Nineteen"
    };
    private static final String[] EN_TENS = {
        "", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"
    };

    /** Hindi numbers 0-99 are each a word of their own. */
    private static final String[] HI = {
        "शून्य", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ",
        "दस", "ग्यारह", "बारह", "तेरह", "चौदह", "पंद्रह", "सोलह", "सत्रह", "अठारह", "उन्नीस",
        "बीस", "इक्कीस", "बाईस", "तेईस", "चौबीस", "पच्चीस", "छब्बीस", "सत्ताईस", "अट्ठाईस", "उनतीस",
        "तीस", "इकतीस", "बत्तीस", "तैंतीस", "चौंतीस", "पैंतीस", "छत्तीस", "सैंतीस", "अड़तीस", "उनतालीस",
        "चालीस", "इकतालीस", "बयालीस", "तैंतालीस", "चवालीस", "पैंतालीस", "छियालीस", "सैंतालीस", "अड़तालीस", "उनचास",
        "पचास", "इक्यावन", "बावन", "तिरपन", "चौवन", "पचपन", "छप्पन", "सत्तावन", "अट्ठावन", "उनसठ",
        "साठ", "इकसठ", "बासठ", "तिरसठ", "चौंसठ", "पैंसठ", "छियासठ", "सड़सठ", "अड़सठ", "उनहत्तर",
        "सत्तर", "इकहत्तर", "बहत्तर", "तिहत्तर", "चौहत्तर", "पचहत्तर", "छिहत्तर", "सतहत्तर", "अठहत्तर", "उन्यासी",
        "अस्सी", "इक्यासी", "बयासी", "तिरासी", "चौरासी", "पचासी", "छियासी", "सत्तासी", "अट्ठासी", "नवासी",
        "नब्बे", "इक्यानबे", "बानबे", "तिरानबे", "चौरानबे", "पंचानबे", "छियानबे", "सत्तानबे", "अट्ठानबे", "निन्यानबे"
    };

    private AmountInWords() {}

    /** @return e.g. "Rupees One Thousand Two Hundred Thirty-Four and Fifty Paise Only" */
    static String english(BigDecimal amount) {
        long[] parts = split(amount);
        StringBuilder words = new StringBuilder("Rupees ").append(englishNumber(parts[0]));
        if (parts[1] > 0) {
            words.append(" and ").append(englishNumber(parts[1])).append(" Paise");
        }
        return words.append(" Only").toString();
    }

    /** @return e.g. "एक हज़ार दो सौ चौंतीस रुपये और पचास पैसे मात्र" */
    static String hindi(BigDecimal amount) {
        long[] parts = split(amount);
        StringBuilder words = new StringBuilder(hindiNumber(parts[0])).append(" रुपये");
        if (parts[1] > 0) {
            words.append(" और ").append(hindiNumber(parts[1])).append(" पैसे");
        }
        return words.append(" मात्र").toString();
    }

    private static long[] split(BigDecimal amount) {
        BigDecimal scaled = amount.setScale(2, RoundingMode.UNNECESSARY);
        if (scaled.signum() < 0) {
            throw new IllegalArgumentException("negative amount");
        }
        long paise = scaled.movePointRight(2).longValueExact();
        return new long[] {paise / 100, paise % 100};
    }

    static String englishNumber(long n) {
        if (n == 0) {
            return EN_ONES[0];
        }
        List<String> words = new ArrayList<>();
        long crore = n / 10_000_000;
        long rest = n % 10_000_000;
        if (crore > 0) {
            words.add(englishNumber(crore) + " Crore");
        }
        long lakh = rest / 100_000;
        rest %= 100_000;
        if (lakh > 0) {
            words.add(englishBelowHundred((int) lakh) + " Lakh");
        }
        long thousand = rest / 1000;
        rest %= 1000;
        if (thousand > 0) {
            words.add(englishBelowHundred((int) thousand) + " Thousand");
        }
        long hundred = rest / 100;
        rest %= 100;
        if (hundred > 0) {
            words.add(EN_ONES[(int) hundred] + " Hundred");
        }
        if (rest > 0) {
            words.add(englishBelowHundred((int) rest));
        }
        return String.join(" ", words);
    }

    private static String englishBelowHundred(int n) {
        if (n < 20) {
            return EN_ONES[n];
        }
        return EN_TENS[n / 10] + (n % 10 == 0 ? "" : "-" + EN_ONES[n % 10]);
    }

    static String hindiNumber(long n) {
        if (n == 0) {
            return HI[0];
        }
        List<String> words = new ArrayList<>();
        long crore = n / 10_000_000;
        long rest = n % 10_000_000;
        if (crore > 0) {
            words.add(hindiNumber(crore) + " करोड़");
        }
        long lakh = rest / 100_000;
        rest %= 100_000;
        if (lakh > 0) {
            words.add(HI[(int) lakh] + " लाख");
        }
        long thousand = rest / 1000;
        rest %= 1000;
        if (thousand > 0) {
            words.add(HI[(int) thousand] + " हज़ार");
        }
        long hundred = rest / 100;
        rest %= 100;
        if (hundred > 0) {
            words.add(HI[(int) hundred] + " सौ");
        }
        if (rest > 0) {
            words.add(HI[(int) rest]);
        }
        return String.join(" ", words);
    }
}
