package org.janseva.catalog.adapter;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Well-formed JSON in the wrong shape, made from a department's good answer: every field in turn
 * (nested ones too, and the first element of every array) removed, null, or of another type (a
 * word, a number with three decimals, a negative number, an empty array, an empty object), and the
 * whole answer replaced by a bare array, string, number or {@code null}. A department that changes
 * its answer's shape must get a classified failure, never an adapter that breaks.
 */
final class WronglyShapedAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> OTHERS = List.of(
            NODES.nullNode(),
            NODES.stringNode("x"),
            NODES.numberNode(new java.math.BigDecimal("1.234")),
            NODES.numberNode(-1),
            NODES.arrayNode(),
            NODES.objectNode());

    private WronglyShapedAnswers() {}

    static List<String> of(String goodAnswer) {
        JsonNode good = JSON.readTree(goodAnswer);
        List<String> answers = new ArrayList<>(List.of("[]", "\"x\"", "42", "null", "{}"));
        mutate(good, good, answers);
        return answers;
    }

    /** Adds to {@code answers} the whole answer with each variation of {@code node}'s children. */
    private static void mutate(JsonNode root, JsonNode node, List<String> answers) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode original = object.get(name);
                object.remove(name);
                answers.add(JSON.writeValueAsString(root));
                for (JsonNode other : OTHERS) {
                    object.set(name, other);
                    answers.add(JSON.writeValueAsString(root));
                }
                object.set(name, original);
                mutate(root, original, answers);
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            JsonNode first = array.get(0);
            for (JsonNode other : OTHERS) {
                array.set(0, other);
                answers.add(JSON.writeValueAsString(root));
            }
            array.set(0, first);
            mutate(root, first, answers);
        }
    }
}
