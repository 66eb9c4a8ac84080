package org.janseva.platform.test;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a Boot jar in {@link SimulatorProcessLifecycleTests}, which packs this class alone
 * into a jar with a {@code fake-boot-app.mode} entry that says how it behaves ({@code ready},
 * {@code never-ready}, {@code crash}). JDK classes only, no nested classes.
 */
public final class FakeBootApp {

    private FakeBootApp() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        for (String arg : args) {
            if (arg.startsWith("--server.port=")) {
                port = Integer.parseInt(arg.substring("--server.port=".length()));
            }
        }
        String mode;
        try (InputStream in = FakeBootApp.class.getResourceAsStream("/fake-boot-app.mode")) {
            mode = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        System.out.println("fake app starting on port " + port + " as " + mode);
        switch (mode) {
            case "crash" -> {
                System.out.println("boom: the fake app gives up");
                System.exit(3);
            }
            case "never-ready" -> {
                System.out.println("still starting, forever");
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> {
                HttpServer server;
                try {
                    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                } catch (BindException ex) {
                    // as Spring Boot's PortInUseFailureAnalyzer says it
                    System.out.println("Web server failed to start. Port " + port + " was already in use.");
                    System.exit(1);
                    return;
                }
                server.createContext("/actuator/health/readiness", exchange -> {
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                server.start();
            }
        }
    }
}
