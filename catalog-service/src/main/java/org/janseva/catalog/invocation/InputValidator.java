package org.janseva.catalog.invocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.janseva.catalog.catalogue.InputSchemas;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a call's input against its operation's JSON Schema (2020-12, networknt
 * json-schema-validator), with format assertions on. Each schema is compiled once per catalogue
 * snapshot and kept while its operation is in force (keys are weak, by identity). The errors name
 * the field and say what is wrong in the schema's terms; they never repeat the value given. The
 * admin API's dry runs check their inputs with it too, exactly as invocations do.
 */
@Component
public class InputValidator {

    private final SchemaRegistry registry;
    private final Cache<JsonNode, Schema> compiled =
            Caffeine.newBuilder().weakKeys().maximumSize(20_000).build();

    public InputValidator() {
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new AnnotationKeyword(InputSchemas.TITLE_TRANSLATIONS))
                .build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .build();
        this.registry = SchemaRegistry.withDialect(dialect, builder -> builder.schemaRegistryConfig(config));
    }

    /**
     * @param schema the operation's input schema as stored
     * @param input the call's input
     * @return what is wrong with the input, field by field; empty when it is valid
     */
    public List<FieldErrorView> validate(JsonNode schema, JsonNode input) {
        Schema compiledSchema = compiled.get(schema, registry::getSchema);
        List<FieldErrorView> errors = new ArrayList<>();
        for (Error error : compiledSchema.validate(input)) {
            errors.add(new FieldErrorView(field(error), message(error)));
        }
        errors.sort(Comparator.comparing(FieldErrorView::field));
        return errors;
    }

    private static String field(Error error) {
        List<String> parts = new ArrayList<>();
        NodePath location = error.getInstanceLocation();
        for (int i = 0; location != null && i < location.getNameCount(); i++) {
            parts.add(String.valueOf(location.getElement(i)));
        }
        if (error.getProperty() != null
                && ("required".equals(error.getKeyword()) || "dependentRequired".equals(error.getKeyword()))) {
            parts.add(error.getProperty());
        }
        return parts.isEmpty() ? "body" : String.join(".", parts);
    }

    /** The library's message without the location prefix it starts with. */
    private static String message(Error error) {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }
}
