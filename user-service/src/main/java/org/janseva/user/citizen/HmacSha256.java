package org.janseva.user.citizen;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a server key: what user-service keeps instead of an OTP, of an MPIN before
 * Argon2 (the pepper) and of the mobile numbers whose wrong MPINs it counts.
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @param secret the key, as configured */
    public HmacSha256(String secret) {
        this(secret.getBytes(StandardCharsets.UTF_8));
    }

    private HmacSha256(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** @return the MAC of the text's UTF-8 bytes */
    public byte[] of(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** @return the MAC of the text, in lower-case hex */
    public String hex(String text) {
        return HexFormat.of().formatHex(of(text));
    }

    /** @return a key of its own for another purpose, derived from this one (its MAC of the purpose) */
    public HmacSha256 derive(String purpose) {
        return new HmacSha256(of(purpose));
    }
}
