package org.janseva.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link SimulatorProcess} starts and stops a jar, with {@link FakeBootApp} in place of the
 * simulator's (the real one is exercised by the tests of catalog-service and payment-service). Not
 * named {@code *ProcessTests}: those are failsafe's, run after the jars are built; this needs none.
 */
class SimulatorProcessLifecycleTests {

    @TempDir
    Path dir;

    @Test
    void shouldStopAProcessThatIsNotReadyInTimeAndQuoteItsLog() throws IOException {
        Path jar = fakeJar("never-ready");

        assertThatIllegalStateException()
                .isThrownBy(() -> SimulatorProcess.start(jar, Duration.ofSeconds(3), BootJars::freePort))
                .withMessageContaining("was not ready within PT3S")
                .withMessageContaining("still starting, forever")
                .withMessageContaining("simulator-");

        assertThat(childrenRunning(jar)).as("processes still running " + jar).isEmpty();
    }

    @Test
    void shouldQuoteTheLogOfAProcessThatExitsWhileStarting() throws IOException {
        Path jar = fakeJar("crash");

        assertThatIllegalStateException()
                .isThrownBy(() -> SimulatorProcess.start(jar, Duration.ofSeconds(60), BootJars::freePort))
                .withMessageContaining("exited with 3")
                .withMessageContaining("boom: the fake app gives up");
    }

    @Test
    void shouldStartOnAnotherPortWhenItsPortIsTakenMeanwhile() throws IOException {
        Path jar = fakeJar("ready");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int free = BootJars.freePort();
            Iterator<Integer> ports = List.of(taken.getLocalPort(), free).iterator();

            SimulatorProcess simulator = SimulatorProcess.start(jar, Duration.ofSeconds(60), ports::next);
            try {
                assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + free);
                assertThat(simulator.log()).content().contains("as ready");
                assertThat(TestHttp.to(simulator.baseUri())
                                .get("/actuator/health/readiness")
                                .statusCode())
                        .isEqualTo(200);
            } finally {
                simulator.stop();
            }
        }
        assertThat(childrenRunning(jar)).isEmpty();
    }

    @Test
    void shouldTakeTheStartupTimeoutInSecondsOrAsADuration() {
        assertThat(SimulatorProcess.startupTimeout(null)).isEqualTo(Duration.ofSeconds(120));
        assertThat(SimulatorProcess.startupTimeout(" ")).isEqualTo(Duration.ofSeconds(120));
        assertThat(SimulatorProcess.startupTimeout("300")).isEqualTo(Duration.ofSeconds(300));
        assertThat(SimulatorProcess.startupTimeout("300s")).isEqualTo(Duration.ofSeconds(300));
        assertThat(SimulatorProcess.startupTimeout("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatorProcess.startupTimeout("five minutes"))
                .withMessageContaining(SimulatorProcess.STARTUP_TIMEOUT_PROPERTY);
        assertThatIllegalArgumentException().isThrownBy(() -> SimulatorProcess.startupTimeout("0"));
    }

    private List<ProcessHandle> childrenRunning(Path jar) {
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> child.info().commandLine().orElse("").contains(jar.toString()))
                .toList();
    }

    /** @return a runnable jar of {@link FakeBootApp} that behaves as {@code mode} says */
    private Path fakeJar(String mode) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeBootApp.class.getName());
        Path jar = dir.resolve("fake-" + mode + ".jar");
        String classFile = FakeBootApp.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream bytes = FakeBootApp.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("fake-boot-app.mode"));
            out.write(mode.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
