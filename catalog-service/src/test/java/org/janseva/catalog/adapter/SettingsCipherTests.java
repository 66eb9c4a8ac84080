package org.janseva.catalog.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCipherTests {

    static final String KEY_1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private final SettingsCipher cipher = new SettingsCipher(Map.of("k1", KEY_1), "k1", new SecureRandom());

    @Test
    void shouldRoundTripASecretWithoutShowingItInTheStoredValue() {
        String stored = cipher.encrypt("pa55word", "department:EPFO|setting:auth.password");

        assertThat(stored).startsWith("enc:v1:k1:").doesNotContain("pa55word");
        assertThat(SettingsCipher.isEncrypted(stored)).isTrue();
        assertThat(cipher.decrypt(stored, "department:EPFO|setting:auth.password"))
                .isEqualTo("pa55word");
    }

    @Test
    void shouldUseAFreshNonceEveryTime() {
        assertThat(cipher.encrypt("same", "aad")).isNotEqualTo(cipher.encrypt("same", "aad"));
    }

    @Test
    void shouldRefuseAValueMovedToAnotherDepartmentOrAlteredWithoutRevealingIt() {
        String stored = cipher.encrypt("pa55word", "department:EPFO|setting:auth.password");
        String altered = stored.substring(0, stored.length() - 4) + (stored.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThatThrownBy(() -> cipher.decrypt(stored, "department:ESIC|setting:auth.password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("pa55word");
        assertThatThrownBy(() -> cipher.decrypt(altered, "department:EPFO|setting:auth.password"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldDecryptOldValuesAfterRotationAndSayWhichNeedReencryption() {
        String old = cipher.encrypt("s3cret", "aad");
        SettingsCipher rotated = new SettingsCipher(Map.of("k1", KEY_1, "k2", KEY_2), "k2", new SecureRandom());

        assertThat(rotated.decrypt(old, "aad")).isEqualTo("s3cret");
        assertThat(rotated.needsReencryption(old)).isTrue();
        String fresh = rotated.encrypt("s3cret", "aad");
        assertThat(fresh).startsWith("enc:v1:k2:");
        assertThat(rotated.needsReencryption(fresh)).isFalse();
    }

    @Test
    void shouldExplainAMissingOrBadKey() {
        SettingsCipher none = new SettingsCipher(Map.of(), null, new SecureRandom());

        assertThatThrownBy(() -> none.encrypt("x", "aad"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("platform.catalog.adapters.settings-keys");
        assertThatThrownBy(() -> new SettingsCipher(Map.of("k1", "c2hvcnQ="), "k1", new SecureRandom()))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SettingsCipher(Map.of("k1", KEY_1), "k9", new SecureRandom()))
                .hasMessageContaining("k9");
    }
}
