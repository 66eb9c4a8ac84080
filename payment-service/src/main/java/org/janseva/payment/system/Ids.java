package org.janseva.payment.system;

import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/** Opaque ids: a prefix, a hyphen and 24 random lowercase base-32 characters (120 bits). */
@Component
public class Ids {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecureRandom random;

    Ids(SecureRandom random) {
        this.random = random;
    }

    /** @return a new id such as {@code pay-3kq...} (letters, digits and one hyphen: fits billers' reference fields) */
    public String next(String prefix) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        StringBuilder id =
                new StringBuilder(prefix.length() + 25).append(prefix).append('-');
        for (byte b : bytes) {
            id.append(ALPHABET[b & 31]);
        }
        return id.toString();
    }
}
