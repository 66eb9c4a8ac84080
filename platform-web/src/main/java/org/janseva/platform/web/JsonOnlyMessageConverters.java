package org.janseva.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;

/**
 * Spring MVC reads and writes bodies as JSON only (API.md: "JSON everywhere"), plus text, bytes and
 * resources (e.g. PDF receipts) and forms. Spring registers a converter for every format whose
 * library happens to be on the classpath: springdoc's swagger-core brings Jackson 2's YAML, so a
 * YAML body was accepted (201), read by a mapper that knows none of the platform's JSON rules
 * ({@link StrictJson}, {@link NulCharacters}), and the 415 detail offered {@code application/yaml}.
 * This drops every converter of another structured format (YAML, XML, CBOR, Smile, Protobuf,
 * whichever appears), also from the parts of multipart bodies: such a body is a 415 problem, and
 * an {@code Accept} that names only such a format a 406. springdoc writes {@code /v3/api-docs.yaml}
 * itself, as text.
 */
final class JsonOnlyMessageConverters implements ServerHttpMessageConvertersCustomizer {

    /** Subtypes and structured-syntax suffixes (RFC 6839) of formats that are not JSON. */
    private static final Set<String> OTHER_FORMATS =
            Set.of("yaml", "x-yaml", "xml", "cbor", "smile", "x-jackson-smile", "protobuf", "x-protobuf");

    @Override
    public void customize(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(JsonOnlyMessageConverters::removeOtherFormats);
    }

    static void removeOtherFormats(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(JsonOnlyMessageConverters::otherFormat);
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof FormHttpMessageConverter form) {
                List<HttpMessageConverter<?>> parts = new ArrayList<>(form.getPartConverters());
                if (parts.removeIf(JsonOnlyMessageConverters::otherFormat)) {
                    form.setPartConverters(parts);
                }
            }
        }
    }

    /** @return whether the converter handles a structured format other than JSON */
    static boolean otherFormat(HttpMessageConverter<?> converter) {
        for (MediaType type : converter.getSupportedMediaTypes()) {
            String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
            String suffix = type.getSubtypeSuffix();
            if (OTHER_FORMATS.contains(subtype)
                    || (suffix != null && OTHER_FORMATS.contains(suffix.toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }
}
