package org.janseva.platform.web;

import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;

/**
 * Keeps the NUL character ({@code U+0000}) out of every service: PostgreSQL refuses it in
 * {@code text} and {@code jsonb}, so a {@code "\u0000"} in a JSON string or a {@code %00} in a URL
 * would otherwise reach the database and fail there as a 500. Other control characters are
 * stored and read back without harm, and the same mapper reads stored rows and departments'
 * answers, so they are left alone.
 *
 * <p>JSON strings are also refused when they hold an unpaired UTF-16 surrogate (a {@code
 * "\ud83d"} without the {@code "\ude00"} that completes it): that is not text in any encoding,
 * so PostgreSQL's driver would silently store a {@code ?} in its place (a citizen's name changed
 * without a word) and Jackson could not write it back out. Only a JSON escape can make one; URL
 * and form values are decoded from UTF-8 bytes, which cannot.
 */
public final class NulCharacters {

    /** The field error's message; it never repeats the value. */
    public static final String MESSAGE = "must not contain the NUL character (U+0000)";

    /** The field error's message for a string that is not Unicode text; it never repeats the value. */
    public static final String SURROGATE_MESSAGE =
            "must be Unicode text: it holds half of a UTF-16 surrogate pair (a \\uD800-\\uDFFF escape"
                    + " without its other half)";

    private NulCharacters() {}

    /**
     * @param value a string, or {@code null}
     * @return whether it holds a NUL character ({@link String#indexOf(int)} is an intrinsic: no
     *     measurable cost on the hot path)
     */
    public static boolean contains(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    /**
     * @param value a string, or {@code null}
     * @return the field error's message when the value holds a NUL character or an unpaired
     *     surrogate, else {@code null}; one pass over the characters, which stops at once for the
     *     usual string (nothing at or above {@code U+D800} and no NUL)
     */
    public static String problemWith(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return MESSAGE;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return SURROGATE_MESSAGE;
                }
            }
        }
        return null;
    }

    /**
     * @return a Jackson module whose {@code String} and tree ({@code JsonNode}, e.g. a merge-patch
     *     body) deserializers refuse a value with a NUL character or an unpaired surrogate by a
     *     {@link NulCharacterException}, which carries the value's path in the body and the field
     *     error's message
     */
    public static SimpleModule jacksonModule() {
        SimpleModule module = new SimpleModule("janseva-nul-characters");
        module.addDeserializer(String.class, new NulRefusingStringDeserializer());
        module.addDeserializer(JsonNode.class, new NulRefusingTreeDeserializer<>(JsonNode.class));
        module.addDeserializer(ObjectNode.class, new NulRefusingTreeDeserializer<>(ObjectNode.class));
        module.addDeserializer(ArrayNode.class, new NulRefusingTreeDeserializer<>(ArrayNode.class));
        return module;
    }

    /**
     * A string value in a JSON body held a NUL character or an unpaired surrogate; its path names
     * the field.
     */
    public static final class NulCharacterException extends MismatchedInputException {

        private static final long serialVersionUID = 1L;

        private final String fieldMessage;

        NulCharacterException(JsonParser parser, String fieldMessage) {
            super(parser, "String value is refused: " + fieldMessage, String.class);
            this.fieldMessage = fieldMessage;
        }

        /** @return the field error's message ({@link #MESSAGE} or {@link #SURROGATE_MESSAGE}) */
        public String fieldMessage() {
            return fieldMessage;
        }
    }

    /**
     * Jackson's own {@code String} deserializer, then the check. Not a subclass of it: Jackson
     * bypasses a deserializer it recognises as its standard one (e.g. for {@code List<String>}).
     */
    static final class NulRefusingStringDeserializer extends StdScalarDeserializer<String> {

        NulRefusingStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = StringDeserializer.instance.deserialize(parser, context);
            String problem = problemWith(value);
            if (problem != null) {
                throw new NulCharacterException(parser, problem);
            }
            return value;
        }

        @Override
        public Object deserializeWithType(
                JsonParser parser, DeserializationContext context, TypeDeserializer typeDeserializer) {
            return deserialize(parser, context);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        @Override
        public Object getEmptyValue(DeserializationContext context) {
            return "";
        }
    }

    /**
     * Jackson's own tree deserializer, then one walk of the tree (as cheap as building it) for a
     * string or a property name with a NUL character or an unpaired surrogate; the exception carries the path to it (to the
     * object, for a property name, so that the name itself is never repeated).
     */
    static final class NulRefusingTreeDeserializer<T extends JsonNode> extends StdDeserializer<T> {

        private final ValueDeserializer<?> delegate;

        NulRefusingTreeDeserializer(Class<T> type) {
            super(type);
            this.delegate = JsonNodeDeserializer.getDeserializer(type);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) {
            T tree = (T) delegate.deserialize(parser, context);
            check(parser, tree);
            return tree;
        }

        @Override
        public Object deserializeWithType(
                JsonParser parser, DeserializationContext context, TypeDeserializer typeDeserializer) {
            Object tree = delegate.deserializeWithType(parser, context, typeDeserializer);
            if (tree instanceof JsonNode node) {
                check(parser, node);
            }
            return tree;
        }

        @Override
        public Object getNullValue(DeserializationContext context) {
            return delegate.getNullValue(context);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return delegate.getAbsentValue(context);
        }

        @Override
        public LogicalType logicalType() {
            return delegate.logicalType();
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        private static void check(JsonParser parser, JsonNode node) {
            if (node == null) {
                return;
            }
            if (node.isString()) {
                String problem = problemWith(node.asString());
                if (problem != null) {
                    throw new NulCharacterException(parser, problem);
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    String problem = problemWith(property.getKey());
                    if (problem != null) {
                        throw new NulCharacterException(parser, problem);
                    }
                    try {
                        check(parser, property.getValue());
                    } catch (NulCharacterException ex) {
                        ex.prependPath(node, property.getKey());
                        throw ex;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    try {
                        check(parser, node.get(i));
                    } catch (NulCharacterException ex) {
                        ex.prependPath(node, i);
                        throw ex;
                    }
                }
            }
        }
    }
}
