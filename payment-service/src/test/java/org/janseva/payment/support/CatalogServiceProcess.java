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
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestTokenIssuer;

/**
 * The real catalog-service as a separate process, started once per test JVM from its Boot jar (a
 * test-scoped {@code pom} dependency makes the reactor build it before payment-service; nothing of
 * it is on this module's classpath), stopped when the JVM exits. It serves the shipped catalogue
 * from its own database {@code catalog} on the tests' PostgreSQL, trusts the shared test token
 * issuer as every service trusts user-service, and reaches the billers of the simulator process
 * through its {@code bbps-biller} adapter, so that payment-service talks to catalog-service as it
 * does in production, contract and all. Its log goes to {@code target/catalog-service-<port>.log}.
 */
public final class CatalogServiceProcess {

    /** An adapter-secrets key for tests only (the shipped billers have no secrets to seal). */
    private static final String SETTINGS_KEY = "dGVzdC1zZXR0aW5ncy1rZXktMzItYnl0ZXMtbG9uZyE=";

    private static CatalogServiceProcess instance;

    private final Process process;
    private final int port;
    private final Path log;
    private boolean ready;

    private CatalogServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @return the process, launched on first call without waiting for it, so that it boots while
     *     payment-service's context does; {@link #awaitReady()} before calling it
     */
    public static synchronized CatalogServiceProcess get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until it answers its readiness probe (at once after the first time). */
    public synchronized CatalogServiceProcess awaitReady() {
        if (!ready) {
            BootJars.awaitReady(URI.create(baseUrl()), process, Duration.ofSeconds(120), log.toString());
            ready = true;
        }
        return this;
    }

    private static CatalogServiceProcess start() {
        Path jar = BootJars.locate("catalog-service");
        String simulator = SimulatorProcess.get().baseUrl();
        SharedEmbeddedPostgres.Server postgres = SharedEmbeddedPostgres.get();
        int port = BootJars.freePort();
        List<String> command = new ArrayList<>(List.of(
                BootJars.javaBinary(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + postgres.jdbcUrl("catalog"),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                // the shipped billers' settings say {{simulator}}/billers/<CODE>
                "--platform.catalog.endpoints.simulator=" + simulator,
                // the simulator listens on loopback, as in local runs
                "--platform.catalog.outbound.allowed-networks=127.0.0.0/8,::1/128",
                "--platform.catalog.adapters.settings-keys.test=" + SETTINGS_KEY,
                "--platform.catalog.adapters.active-settings-key=test",
                // no user-service here to tell of a citizen's recent services
                "--platform.catalog.invocation.recent-services.enabled=false",
                "--platform.security.client.secret=test-catalog-secret",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN",
                // its access log and department calls, for when a journey fails
                "--logging.level.org.janseva=INFO"));
        TestTokenIssuer.shared().properties().forEach((name, value) -> command.add("--" + name + "=" + value));
        try {
            Path log = Path.of("target", "catalog-service-" + port + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "catalog-service-stop"));
            return new CatalogServiceProcess(process, port, log);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
