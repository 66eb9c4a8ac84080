package org.janseva.catalog.shipped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.janseva.platform.test.BootJars;

/**
 * The department simulator as a separate process, started once per test JVM from the Boot jar the
 * reactor built before catalog-service (a test-scoped {@code pom} dependency orders the build;
 * nothing of it is on this module's classpath), stopped when the JVM exits. Its log goes to
 * {@code target/simulator-<port>.log}.
 */
final class SimulatorProcess {

    private static SimulatorProcess instance;

    private final int port;

    private SimulatorProcess(int port) {
        this.port = port;
    }

    static synchronized SimulatorProcess get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static SimulatorProcess start() {
        Path jar = BootJars.locate("department-simulator");
        int port = BootJars.freePort();
        List<String> command = List.of(
                BootJars.javaBinary(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--logging.structured.format.console=",
                "--logging.level.root=WARN");
        try {
            Path log = Path.of("target", "simulator-" + port + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "simulator-stop"));
            BootJars.awaitReady(
                    URI.create("http://127.0.0.1:" + port), process, Duration.ofSeconds(120), log.toString());
            return new SimulatorProcess(port);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
