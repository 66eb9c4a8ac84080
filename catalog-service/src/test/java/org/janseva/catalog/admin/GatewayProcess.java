package org.janseva.catalog.admin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway as a separate process, from the Boot jar the reactor built before catalog-service
 * (a test-scoped {@code pom} dependency orders the build; nothing of the gateway is on this
 * module's classpath). Its log goes to {@code target/gateway-<port>.log}.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the gateway; {@link #awaitReady()} waits until it answers.
     *
     * @param properties its configuration, e.g. {@code platform.services.catalog}
     */
    static GatewayProcess start(Map<String, String> properties) {
        Path jar = locate("gateway-service");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dreactor.netty.native=false",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--logging.structured.format.console="));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        try {
            Path log = Path.of("target", "gateway-" + port + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "gateway-stop"));
            return new GatewayProcess(process, port, log);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path log() {
        return log;
    }

    /** Waits until the gateway answers its readiness probe. */
    GatewayProcess awaitReady() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(baseUri().resolve("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException ex) {
                // not listening yet
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        throw new IllegalStateException("The gateway was not ready within 120 s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path locate(String module) {
        for (Path base : List.of(Path.of(".."), Path.of("."))) {
            Path jar = base.resolve(module).resolve("target").resolve(module + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(module + ".jar is not built; run the tests through the reactor, e.g."
                + " ./mvnw verify -pl catalog-service -am");
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
