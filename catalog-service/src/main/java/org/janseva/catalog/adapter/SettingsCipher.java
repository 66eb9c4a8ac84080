package org.janseva.catalog.adapter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secret values of adapter settings for storage: AES-256-GCM with a random 96-bit
 * nonce per value, bound to the department and the setting's path as associated data (a ciphertext
 * copied into another department or setting does not decrypt).
 *
 * <p>A stored value reads {@code enc:v1:<keyId>:<base64(nonce | ciphertext | tag)>}. The key id
 * names one of the configured keys, so keys can be rotated: add the new key, make it active, and
 * old values still decrypt with the key they name until they are re-encrypted
 * ({@link #needsReencryption}).
 */
public final class SettingsCipher {

    static final String PREFIX = "enc:v1:";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final SecureRandom random;

    /**
     * @param keys key id to base64-encoded 256-bit key; may be empty, then every use fails with an
     *     explanation
     * @param activeKeyId the key that encrypts new values
     * @param random the source of nonces
     */
    public SettingsCipher(Map<String, String> keys, String activeKeyId, SecureRandom random) {
        Map<String, SecretKey> decoded = new LinkedHashMap<>();
        keys.forEach((id, encoded) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("A settings key id is 1-32 letters, digits, '-' or '_': " + id);
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(encoded.strip());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("The settings key " + id + " is not base64", ex);
            }
            if (key.length != 32) {
                throw new IllegalArgumentException(
                        "The settings key " + id + " must be 32 bytes (AES-256), base64-encoded; it is " + key.length);
            }
            decoded.put(id, new SecretKeySpec(key, "AES"));
        });
        if (!decoded.isEmpty() && (activeKeyId == null || !decoded.containsKey(activeKeyId))) {
            throw new IllegalArgumentException(
                    "The active settings key '" + activeKeyId + "' is not among the keys " + decoded.keySet());
        }
        this.keys = Map.copyOf(decoded);
        this.activeKeyId = activeKeyId;
        this.random = random;
    }

    /** @return whether the value is an encrypted setting */
    public static boolean isEncrypted(Object value) {
        return value instanceof String text && text.startsWith(PREFIX);
    }

    /**
     * @param plaintext the secret
     * @param associatedData what it is bound to (department and setting path)
     * @return the value to store
     */
    public String encrypt(String plaintext, String associatedData) {
        SecretKey key = key(activeKeyId);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return PREFIX + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot encrypt a setting", ex);
        }
    }

    /**
     * @param stored a value made by {@link #encrypt}
     * @param associatedData what it was bound to
     * @return the secret
     * @throws IllegalStateException when the key is unknown or the value was tampered with (the
     *     message never holds the value)
     */
    public String decrypt(String stored, String associatedData) {
        if (!isEncrypted(stored)) {
            throw new IllegalArgumentException("Not an encrypted setting");
        }
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("An encrypted setting is malformed");
        }
        SecretKey key = key(rest.substring(0, colon));
        try {
            byte[] in = Base64.getDecoder().decode(rest.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            throw new IllegalStateException(
                    "An encrypted setting does not decrypt (" + associatedData + "): wrong key or altered value");
        }
    }

    /** @return whether a stored value is encrypted with another key than the active one */
    public boolean needsReencryption(String stored) {
        return isEncrypted(stored) && !stored.startsWith(PREFIX + activeKeyId + ":");
    }

    private SecretKey key(String id) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("No key to encrypt adapter secrets is configured: set "
                    + "platform.catalog.adapters.settings-keys.<id> (32 random bytes, base64) and "
                    + "platform.catalog.adapters.active-settings-key");
        }
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("The settings key '" + id + "' is not configured");
        }
        return key;
    }
}
