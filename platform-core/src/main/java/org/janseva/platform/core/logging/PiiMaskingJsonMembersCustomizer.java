package org.janseva.platform.core.logging;

import org.janseva.platform.core.pii.PiiMasker;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Applies {@link PiiMasker#maskText(String)} to every string of every structured (JSON) log line:
 * the message, MDC values, key-value pairs and stack traces. It is the safety net under the rule
 * that code never logs personal data in clear.
 *
 * <p>Enabled by {@code logging.structured.json.customizer} in the platform defaults.
 */
public class PiiMaskingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, PiiMasker::maskText));
    }
}
