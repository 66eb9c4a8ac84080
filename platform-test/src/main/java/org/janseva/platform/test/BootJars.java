package org.janseva.platform.test;

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
import java.util.List;

/**
 * For tests that run another of the platform's processes from its Boot jar (the reactor builds
 * it first): where the jar is, the java to run it with, a free port, and waiting until it is
 * ready.
 */
public final class BootJars {

    private BootJars() {}

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
                + " ./mvnw verify -pl <this module> -am");
    }

    /** @return the java binary of this JVM, so that the process runs on the same JDK */
    public static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /** @return a port nobody listens on right now */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Waits until the process answers its readiness probe.
     *
     * @param baseUri where it listens
     * @param process the process, to stop waiting when it exits
     * @param timeout how long to wait
     * @param where where to look when it fails (its log), for the error message
     */
    public static void awaitReady(URI baseUri, Process process, Duration timeout, String where) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The process at " + baseUri + " exited with " + process.exitValue() + "; see " + where);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(baseUri.resolve("/actuator/health/readiness"))
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
        throw new IllegalStateException(baseUri + " was not ready within " + timeout + "; see " + where);
    }
}
