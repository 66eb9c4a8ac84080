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
import java.util.Set;
import org.janseva.catalog.catalogue.InputSchemas;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a call's input against its operation's JSON Schema (2020-12, networknt
 * json-schema-validator), with format assertions on. Each schema is compiled once per catalogue
 * snapshot and kept while its operation is in force (keys are weak, by identity). The errors name
 * the field and say what is wrong in the schema's terms; they never repeat the value given. A
 * property the schema does not declare is the error's field ({@code amount.x}) when its name is
 * fit to repeat, else its parent is; the message never repeats it. The admin API's dry runs check
 * their inputs with it too, exactly as invocations do.
 */
@Component
public class InputValidator {

    private final SchemaRegistry registry;
    private final Cache<JsonNode, Schema> compiled =
            Caffeine.newBuilder().weakKeys().maximumSize(20_000).build();
    private final Cache<JsonNode, Boolean> unusable =
            Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

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
        if (unusable.getIfPresent(schema) != null) {
            throw new UnusableInputSchemaException("The input schema could not be used before");
        }
        List<FieldErrorView> errors = new ArrayList<>();
        try {
            Schema compiledSchema = compiled.get(schema, registry::getSchema);
            for (Error error : compiledSchema.validate(input)) {
                errors.add(error(error));
            }
        } catch (RuntimeException | StackOverflowError ex) {
            // a reference that resolves nowhere (the library throws) or only to itself (it recurses
            // without end), stored before the admin API refused them: the operation's configuration,
            // not the input, is at fault; a stack overflow is recoverable here, and remembered so that
            // the next call does not overflow again
            unusable.put(schema, Boolean.TRUE);
            throw new UnusableInputSchemaException("The input schema cannot check inputs: " + ex, ex);
        }
        errors.sort(Comparator.comparing(FieldErrorView::field));
        return errors;
    }

    /**
     * The schema as stored cannot check inputs at all: the operation is misconfigured. Callers answer
     * as for any operation its department cannot be called with, never with a 500 or a 400 that
     * blames the input.
     */
    public static final class UnusableInputSchemaException extends RuntimeException {

        UnusableInputSchemaException(String message) {
            super(message);
        }

        UnusableInputSchemaException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** The longest property name an error repeats, in characters. */
    static final int MAX_REPEATED_NAME = 64;

    /** Keywords whose error is about one property of the object at its location, named by the input. */
    private static final Set<String> UNDECLARED = Set.of("additionalProperties", "unevaluatedProperties");

    private static FieldErrorView error(Error error) {
        List<String> parts = new ArrayList<>();
        boolean whole = true;
        NodePath location = error.getInstanceLocation();
        for (int i = 0; location != null && i < location.getNameCount(); i++) {
            String part = String.valueOf(location.getElement(i));
            if (!fitToRepeat(part)) {
                // a name the citizen's input made up: the error is its parent's
                whole = false;
                break;
            }
            parts.add(part);
        }
        String keyword = error.getKeyword();
        String property = error.getProperty();
        String message = message(error);
        if (property != null && ("required".equals(keyword) || "dependentRequired".equals(keyword))) {
            // a name from the schema
            if (whole) {
                parts.add(property);
            }
        } else if (property != null && UNDECLARED.contains(keyword)) {
            // a name from the input: said as the field when it is fit to repeat, never in the message
            if (whole && fitToRepeat(property)) {
                parts.add(property);
                message = "is not defined in the schema, which allows no other properties";
            } else {
                message = "has a property that is not defined in the schema, which allows no other properties";
            }
        } else if (property != null && "propertyNames".equals(keyword)) {
            Object[] arguments = error.getArguments();
            String why = arguments != null && arguments.length > 1 ? ": " + arguments[1] : "";
            if (whole && fitToRepeat(property)) {
                parts.add(property);
                message = "is not a valid property name" + why;
            } else {
                message = "has a property whose name is not valid" + why;
            }
        }
        return new FieldErrorView(parts.isEmpty() ? "body" : String.join(".", parts), message);
    }

    /**
     * Whether a property name from the input may be repeated in an error: not empty, at most
     * {@value #MAX_REPEATED_NAME} characters, and nothing that is not text to show (control and
     * format characters such as bidi overrides, line separators, unassigned code points).
     */
    static boolean fitToRepeat(String name) {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_REPEATED_NAME) {
            return false;
        }
        return name.codePoints().noneMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> true;
            default -> false;
        });
    }

    /** The library's message without the location prefix it starts with. */
    private static String message(Error error) {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }
}
