package org.janseva.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayServiceApplication {

    static {
        // Reactor Netty's native (epoll) transport has stalled requests of Boot 4.0.x gateways for
        // tens of seconds (seen here too: a 401 answered after the client's 30 s timeout under
        // load); the JDK's NIO transport is used unless -Dreactor.netty.native=true asks for it.
        // Set before any Netty class is loaded: the tests load this class before the server too.
        if (System.getProperty("reactor.netty.native") == null) {
            System.setProperty("reactor.netty.native", "false");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(GatewayServiceApplication.class, args);
    }
}
