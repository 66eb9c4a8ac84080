package org.janseva.simulator.departments;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets an encoded slash ({@code %2F}) through in a path: catalogue operations put values such as
 * grievance numbers ({@code DARPG/E/2024/0001234}) into a path segment, which the platform encodes
 * as one segment, and Tomcat refuses such paths with a 400 by default. The departments' handler
 * decodes each segment itself.
 */
@Configuration(proxyBeanMethods = false)
class EncodedSlashConfiguration {

    @Bean
    TomcatConnectorCustomizer encodedSlashesPassThrough() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }
}
