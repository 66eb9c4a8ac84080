package org.janseva.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The department simulator (department back ends, billers, the payment gateway) as a separate
 * process, for the tests of services that call it over real HTTP. It is started once per test JVM,
 * on first use, from the Boot jar the reactor built (a test-scoped {@code pom} dependency on
 * {@code department-simulator} orders the build; nothing of the simulator is on the test
 * classpath), and stopped when the JVM exits.
 *
 * <p>Its log goes to {@code target/simulator-<port>.log} and is kept after the run. A start that
 * fails stops the process at once, names the log and quotes its last lines; every later
 * {@link #get()} in the same JVM fails with that cause instead of waiting out another start. A
 * simulator that exits while the tests run is reported by the next {@link #get()}.
 *
 * <p>Start-up may take 120 s (a cold JVM on a loaded machine);
 * {@code -Djanseva.simulator.startup-timeout=300} (seconds, or an ISO-8601 duration such as
 * {@code PT5M}) allows more.
 */
public final class SimulatorProcess {

    /** The payment gateway's merchant key id, as the simulator ships it. */
    public static final String KEY_ID = "sim-merchant";

    /** The payment gateway's merchant key secret, as the simulator ships it. */
    public static final String KEY_SECRET = "sim-merchant-secret";

    /** The secret the payment gateway signs its webhooks with, as the simulator ships it. */
    public static final String WEBHOOK_SECRET = "sim-pg-webhook-secret";

    /** The system property that sets how long a start may take. */
    public static final String STARTUP_TIMEOUT_PROPERTY = "janseva.simulator.startup-timeout";

    private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);

    /** Another process may take the free port before the simulator binds it; then it tries anew. */
    private static final int PORT_ATTEMPTS = 3;

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private static SimulatorProcess instance;
    private static RuntimeException startFailure;

    private final Process process;
    private final int port;
    private final Path log;

    private SimulatorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @return the simulator of this test JVM, started on first call
     * @throws IllegalStateException when it did not start, or has exited since
     */
    public static synchronized SimulatorProcess get() {
        if (startFailure != null) {
            throw new IllegalStateException(
                    "The department simulator failed to start earlier in this test JVM", startFailure);
        }
        if (instance == null) {
            try {
                instance = start(
                        BootJars.locate("department-simulator"),
                        startupTimeout(System.getProperty(STARTUP_TIMEOUT_PROPERTY)),
                        BootJars::freePort);
            } catch (RuntimeException ex) {
                startFailure = ex;
                throw ex;
            }
        }
        instance.checkAlive();
        return instance;
    }

    /** @return where it listens, e.g. {@code http://127.0.0.1:41234} */
    public URI baseUri() {
        return URI.create(baseUrl());
    }

    /** @return where it listens, as a string for settings */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** @return its log (standard output and error) */
    public Path log() {
        return log;
    }

    /**
     * @param value the {@value #STARTUP_TIMEOUT_PROPERTY} setting: seconds ({@code 300} or
     *     {@code 300s}), an ISO-8601 duration ({@code PT5M}), or {@code null} for the default
     */
    static Duration startupTimeout(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_STARTUP_TIMEOUT;
        }
        String trimmed = value.trim();
        Duration timeout;
        try {
            timeout = trimmed.matches("\\d+s?")
                    ? Duration.ofSeconds(Long.parseLong(trimmed.replace("s", "")))
                    : Duration.parse(trimmed);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(
                    STARTUP_TIMEOUT_PROPERTY + " is seconds (300) or an ISO-8601 duration (PT5M), not " + value, ex);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(STARTUP_TIMEOUT_PROPERTY + " must be positive, not " + value);
        }
        return timeout;
    }

    /**
     * Starts the jar and waits until it is ready; on failure the process is stopped before this
     * returns.
     */
    static SimulatorProcess start(Path jar, Duration timeout, IntSupplier freePort) {
        for (int attempt = 1; ; attempt++) {
            int port = freePort.getAsInt();
            Path log = Path.of("target", "simulator-" + port + ".log").toAbsolutePath();
            Process process = launch(command(jar, port), log);
            try {
                BootJars.awaitReady(URI.create("http://127.0.0.1:" + port), process, timeout, log.toString());
                return new SimulatorProcess(process, port, log);
            } catch (RuntimeException ex) {
                stop(process);
                if (attempt < PORT_ATTEMPTS && portWasTaken(log, port)) {
                    continue;
                }
                throw new IllegalStateException(
                        "The department simulator (" + jar + ") did not start: " + ex.getMessage() + "\nLast lines of "
                                + log + ":\n" + tail(log),
                        ex);
            }
        }
    }

    private static List<String> command(Path jar, int port) {
        return List.of(
                BootJars.javaBinary(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                // the checkout URLs it hands out name this address, not localhost (may be ::1)
                "--platform.simulator.pg.public-url=http://127.0.0.1:" + port,
                // "late" webhooks, which tests wait for, after 1 s instead of 3 s
                "--platform.simulator.pg.late-delay=1s",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN");
    }

    private static Process launch(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            // before waiting for it, so that a JVM that ends meanwhile takes it along too
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "simulator-stop"));
            return process;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Stops it now rather than when the JVM exits (the tests of this class). */
    void stop() {
        stop(process);
    }

    /** Asks the process to stop, kills it when it has not within {@link #GRACEFUL_STOP}. */
    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The department simulator at " + baseUrl() + " exited with "
                    + process.exitValue() + " while the tests ran. Last lines of " + log + ":\n" + tail(log));
        }
    }

    private static boolean portWasTaken(Path log, int port) {
        // Spring Boot's PortInUseFailureAnalyzer: "Port 8090 was already in use."
        return read(log).contains("Port " + port + " was already in use");
    }

    private static String tail(Path log) {
        List<String> lines = read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    private static String read(Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            return "(" + log + " could not be read: " + ex.getMessage() + ")";
        }
    }
}
