import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * The benchmark's stand-in for user-service's keys: an RSA key, its JWKS (written to a file that
 * a static HTTP server serves) and an RS256 citizen token, with the JDK alone.
 *
 * <pre>java BenchTokens.java OUT_DIR ISSUER SUBJECT</pre>
 */
public class BenchTokens {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String issuer = args[1];
        String subject = args[2];
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"bench\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + b64.encodeToString(unsigned(key.getModulus())) + "\",\"e\":\""
                + b64.encodeToString(unsigned(key.getPublicExponent())) + "\"}]}";
        Files.createDirectories(out.resolve("oauth2"));
        Files.writeString(out.resolve("oauth2/jwks"), jwks);
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"bench\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject
                        + "\",\"aud\":\"janseva\",\"scope\":\"citizen\",\"iat\":" + now + ",\"exp\":" + (now + 4 * 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(pair.getPrivate());
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        String token = header + "." + payload + "." + b64.encodeToString(signature.sign());
        Files.writeString(out.resolve("token"), token);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
