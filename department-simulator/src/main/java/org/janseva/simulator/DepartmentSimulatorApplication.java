package org.janseva.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DepartmentSimulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(DepartmentSimulatorApplication.class, args);
    }
}
