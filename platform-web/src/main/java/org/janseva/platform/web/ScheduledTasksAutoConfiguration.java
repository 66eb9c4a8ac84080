package org.janseva.platform.web;

import java.time.Clock;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The services' {@code @Scheduled} methods report a database outage as a WARN line a minute per task,
 * not an ERROR with a stack trace per run ({@link ScheduledTaskOutageReporting}). Only where there is
 * a database to be unavailable (spring-jdbc is optional here); without {@code @EnableScheduling} the
 * configurer is never asked.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.dao.DataAccessResourceFailureException")
public class ScheduledTasksAutoConfiguration {

    @Bean
    ScheduledTaskOutageReporting scheduledTaskOutageReporting() {
        return new ScheduledTaskOutageReporting(
                new ScheduledTaskOutages(LoggerFactory.getLogger(ScheduledTaskOutages.class), Clock.systemUTC()));
    }
}
