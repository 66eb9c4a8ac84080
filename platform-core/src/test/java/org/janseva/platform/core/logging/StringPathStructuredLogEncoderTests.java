package org.janseva.platform.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

class StringPathStructuredLogEncoderTests {

    private final LoggerContext context = new LoggerContext();
    private StructuredLogEncoder boot;

    @BeforeEach
    void setUp() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.application.name", "test-service")
                .withProperty("logging.structured.ecs.service.name", "test-service")
                .withProperty("logging.structured.json.customizer", PiiMaskingJsonMembersCustomizer.class.getName());
        context.putObject(Environment.class.getName(), environment);
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.start();
        boot = new StructuredLogEncoder();
        boot.setContext(context);
        boot.setFormat("ecs");
        boot.start();
    }

    @Test
    void shouldWriteExactlyTheBytesBootWrites() {
        StringPathStructuredLogEncoder fast = StringPathStructuredLogEncoder.of(boot);
        assertThat(fast).isNotNull();

        for (LoggingEvent event : List.of(
                event("POST /api/v1/services/X/operations/y 200 3.2ms", null),
                event("नमस्ते: सेवा उपलब्ध है; \"quoted\" \\ tab\t and control \u0001 and emoji \uD83D\uDE00", null),
                event("OTP sent to 9876543210 and a@example.org", null),
                event("Department call failed", new IllegalStateException("boom: 9876543210")))) {
            byte[] expected = boot.encode(event);
            assertThat(new String(fast.encode(event), StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(fast.encode(event)).isEqualTo(expected);
        }
        assertThat(new String(fast.encode(event("OTP sent to 9876543210", null)), StandardCharsets.UTF_8))
                .as("the masking customizer still applies")
                .contains("******3210")
                .doesNotContain("9876543210");
    }

    @Test
    void shouldReplaceBootsEncoderOnTheAppendersOfAContext() {
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        appender.setContext(context);
        appender.setEncoder(boot);
        appender.setOutputStream(out);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);

        assertThat(StringPathStructuredLogEncoder.Installer.install(context)).isEqualTo(1);
        assertThat(appender.getEncoder()).isInstanceOf(StringPathStructuredLogEncoder.class);
        assertThat(StringPathStructuredLogEncoder.Installer.install(context))
                .as("installing twice changes nothing")
                .isZero();

        root.info("a line through the new encoder");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\"message\":\"a line through the new encoder\"")
                .endsWith("\n");
    }

    private LoggingEvent event(String message, Throwable error) {
        Logger logger = context.getLogger("org.janseva.test");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, error, null);
        event.setMDCPropertyMap(Map.of("requestId", "req-1", "traceId", "abc"));
        event.addKeyValuePair(new KeyValuePair("durationMs", 3.2));
        event.setTimeStamp(1_764_000_000_123L);
        return event;
    }
}
