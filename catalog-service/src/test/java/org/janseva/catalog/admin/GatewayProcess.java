package org.janseva.catalog.admin;

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
        Path jar = BootJars.locate("gateway-service");
        int port = BootJars.freePort();
        List<String> command = new ArrayList<>(List.of(
                BootJars.javaBinary(),
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
        BootJars.awaitReady(baseUri(), process, Duration.ofSeconds(120), log.toString());
        return this;
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
}
