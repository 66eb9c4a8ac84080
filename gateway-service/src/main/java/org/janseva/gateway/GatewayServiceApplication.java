package org.janseva.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayServiceApplication {

    static {
        // Reactor Netty's native (epoll) transport has stalled requests of Boot 4.0.x gateways for
        // tens of seconds (TRAPS.md); the JDK's NIO transport is used unless
        // -Dreactor.netty.native=true asks for it. Set before any Netty class is loaded (main runs
        // after this); the module's tests set it on their JVM's command line (pom.xml).
        if (System.getProperty("reactor.netty.native") == null) {
            System.setProperty("reactor.netty.native", "false");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(GatewayServiceApplication.class, args);
    }
}
