import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * The benchmark's backend for the gateway (JDK only, run with `java bench/accounts/TokenBackend.java PORT
 * TOKEN_FILE`): answers every request with a small JSON body, serves a JWKS at /oauth2/jwks, and
 * writes an RS256 access token signed with that key (issuer http://localhost:8080, audience
 * janseva, scope citizen, one hour) to TOKEN_FILE.
 */
public class TokenBackend {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"bench\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                + b64(unsigned(pub.getModulus())) + "\",\"e\":\"" + b64(unsigned(pub.getPublicExponent())) + "\"}]}";
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"kid\":\"bench\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64(("{\"sub\":\"bench-citizen\",\"iss\":\"http://localhost:8080\",\"aud\":[\"janseva\"],"
                        + "\"scope\":[\"citizen\"],\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        String token = header + "." + payload + "." + b64(signer.sign());
        Files.writeString(Path.of(args[1]), token);

        byte[] ok = "{\"id\":\"bench-citizen\",\"name\":\"Asha\"}".getBytes(StandardCharsets.UTF_8);
        byte[] keySet = jwks.getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = exchange.getRequestURI().getPath().equals("/oauth2/jwks") ? keySet : ok;
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("backend on " + port);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
