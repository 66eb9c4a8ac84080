package org.janseva.platform.core.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Encodes structured (JSON) log lines through a {@code String} instead of Spring Boot's own path.
 *
 * <p>Boot's {@link StructuredLogEncoder} turns each line into bytes with {@code
 * WritableJson.toByteArray}, which writes the JSON one character at a time into an unbuffered
 * {@code OutputStreamWriter}: a charset-encoder call per character (spring-boot issue 49428,
 * open). Profiled in catalog-service, that was 13 % of the CPU of a request that only writes its
 * access line. This encoder asks the same formatter, with the same members, masking and
 * customizer, for the line as a {@code String} ({@link StructuredLogFormatter#format}, which Boot
 * builds in a {@code StringBuilder}) and encodes it once: the bytes are identical
 * ({@code StringPathStructuredLogEncoderTests}).
 *
 * <p>{@link Installer} swaps it in on every appender Boot configured with a structured encoder,
 * right after Boot has initialised logging. It reads the encoder's formatter and charset
 * reflectively (Boot keeps them private); should a Boot release rename them, the appender keeps
 * Boot's encoder and nothing else changes.
 */
public final class StringPathStructuredLogEncoder extends EncoderBase<ILoggingEvent> {

    private final StructuredLogEncoder delegate;
    private final StructuredLogFormatter<ILoggingEvent> formatter;
    private final Charset charset;

    StringPathStructuredLogEncoder(
            StructuredLogEncoder delegate, StructuredLogFormatter<ILoggingEvent> formatter, Charset charset) {
        this.delegate = delegate;
        this.formatter = formatter;
        this.charset = charset;
        setContext(delegate.getContext());
    }

    /**
     * @param encoder a started Boot encoder
     * @return the string-path encoder for it, or {@code null} when its formatter cannot be reached
     */
    static StringPathStructuredLogEncoder of(StructuredLogEncoder encoder) {
        try {
            @SuppressWarnings("unchecked")
            StructuredLogFormatter<ILoggingEvent> formatter =
                    (StructuredLogFormatter<ILoggingEvent>) field("formatter").get(encoder);
            Charset charset = (Charset) field("charset").get(encoder);
            if (formatter == null) {
                return null;
            }
            StringPathStructuredLogEncoder replacement = new StringPathStructuredLogEncoder(
                    encoder, formatter, charset != null ? charset : StandardCharsets.UTF_8);
            replacement.start();
            return replacement;
        } catch (ReflectiveOperationException | RuntimeException ex) {
            return null;
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = StructuredLogEncoder.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return formatter.format(event).getBytes(charset);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }

    /**
     * Puts the encoder on Boot's structured appenders once Boot has initialised logging (its
     * {@link LoggingApplicationListener} runs on the same event, just before). Registered in
     * {@code META-INF/spring.factories}.
     */
    public static final class Installer implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER + 1;
        }

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            install(LoggerFactory.getILoggerFactory());
        }

        /** @return how many appenders got the encoder */
        static int install(ILoggerFactory factory) {
            if (!(factory instanceof LoggerContext context)) {
                return 0;
            }
            int installed = 0;
            for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
                            && appender.getEncoder() instanceof StructuredLogEncoder boot) {
                        StringPathStructuredLogEncoder replacement = of(boot);
                        if (replacement != null) {
                            appender.setEncoder(replacement);
                            installed++;
                        }
                    }
                }
            }
            return installed;
        }
    }
}
