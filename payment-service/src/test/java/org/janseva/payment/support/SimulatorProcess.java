package org.janseva.payment.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.test.BootJars;

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
        Path jar = BootJars.locate("department-simulator");
        int port = BootJars.freePort();
        List<String> command = new ArrayList<>(List.of(
                BootJars.javaBinary(),
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
            BootJars.awaitReady(
                    URI.create("http://127.0.0.1:" + port), process, Duration.ofSeconds(90), log.toString());
            return new SimulatorProcess(process, port);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
