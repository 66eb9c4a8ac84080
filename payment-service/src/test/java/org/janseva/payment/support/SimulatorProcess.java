package org.janseva.payment.support;

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

/**
 * The department simulator (its payment gateway) as a separate process, started once per test JVM
 * from its Boot jar (the reactor builds it before payment-service), stopped when the JVM exits.
 */
public final class SimulatorProcess {

    public static final String KEY_ID = "sim-merchant";
    public static final String KEY_SECRET = "sim-merchant-secret";
    public static final String WEBHOOK_SECRET = "sim-pg-webhook-secret";

    private static SimulatorProcess instance;

    private final Process process;
    private final int port;

    private SimulatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized SimulatorProcess get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static SimulatorProcess start() {
        Path jar = locate("department-simulator");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--platform.simulator.pg.public-url=http://127.0.0.1:" + port,
                "--platform.simulator.pg.late-delay=1s",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN"));
        try {
            Path log = Path.of("target", "simulator-" + port + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "simulator-stop"));
            awaitHealthy("http://127.0.0.1:" + port, process, Duration.ofSeconds(90));
            return new SimulatorProcess(process, port);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the Boot jar of a module of this reactor, e.g. {@code department-simulator} */
    public static Path locate(String module) {
        for (Path base : List.of(Path.of(".."), Path.of("."))) {
            Path jar = base.resolve(module).resolve("target").resolve(module + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar.toAbsolutePath().normalize();
            }
        }
        Path own = Path.of("target", module + ".jar");
        if (Files.isRegularFile(own)) {
            return own.toAbsolutePath();
        }
        throw new IllegalStateException(module + ".jar is not built; run the tests through the reactor, e.g."
                + " ./mvnw verify -pl payment-service -am");
    }

    public static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits until the process answers its readiness probe. */
    public static void awaitHealthy(String baseUrl, Process process, Duration timeout) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process for " + baseUrl + " exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
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
        throw new IllegalStateException(baseUrl + " not healthy within " + timeout);
    }
}
