package org.janseva.payment.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.janseva.platform.test.BootJars;

/**
 * payment-service's own Boot jar run as a separate process, so that a test can kill it with
 * SIGKILL (no shutdown hook, no graceful stop) and start it again on the same port and database.
 */
public final class PaymentServiceProcess implements AutoCloseable {

    private final Map<String, Object> properties;
    private final int port;
    private Process process;
    private int starts;

    public PaymentServiceProcess(Map<String, Object> properties) {
        this.properties = properties;
        this.port = BootJars.freePort();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until it is ready. */
    public void start() {
        List<String> command = new ArrayList<>(List.of(
                BootJars.javaBinary(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                BootJars.locate("payment-service").toString(),
                "--server.port=" + port,
                "--platform.payment.pg.notify-url=" + baseUrl() + "/api/v1/payments/webhooks/pg",
                "--logging.structured.format.console=",
                "--logging.level.org.janseva=INFO"));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        try {
            Path log = Path.of("target", "payment-service-process-" + port + "-" + (++starts) + ".log");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "payment-process-stop"));
            BootJars.awaitReady(URI.create(baseUrl()), process, Duration.ofSeconds(120), log.toString());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Kills the process with SIGKILL and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** @return the exit code of the last run (137 after SIGKILL) */
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }
}
