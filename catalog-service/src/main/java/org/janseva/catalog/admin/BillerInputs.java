package org.janseva.catalog.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What payment-service sends a biller's operations (its {@code CatalogClient}), and the check that
 * an operation's input schema accepts it. payment-service cannot fill in a form: it fetches a bill
 * with {@code {"consumerNumber"}} alone and confirms a payment with {@code {"consumerNumber",
 * "billNumber", "paymentReference", "amount": {"value", "currency"}}}, every value a string. A schema
 * that requires anything else, forbids one of these ({@code additionalProperties: false} without
 * declaring it), or declares one of another type would be accepted here and fail every bill fetch
 * or confirmation once published, so it is refused when the service is created. So is one that
 * lets a call leave out what the biller needs ({@link #NEEDED}): a citizen's {@code fetch-bill}
 * with {@code {}} passed the schema and reached the adapter without a consumer number.
 */
final class BillerInputs {

    static final String FETCH_BILL = "fetch-bill";
    static final String CONFIRM_PAYMENT = "confirm-payment";

    /** A string value in a shape (the other values of a shape are nested shapes, i.e. objects). */
    private static final String STRING = "string";

    private static final Map<String, Object> FETCH_BILL_INPUT = Map.of("consumerNumber", STRING);
    private static final Map<String, Object> CONFIRM_PAYMENT_INPUT = confirmPaymentInput();

    /**
     * The fields the biller cannot do without, which the schema must list in {@code required} (at
     * their depth): a consumer number to fetch a bill; for a payment also the bill, the payment's
     * reference (the biller's key against paying twice) and the amount's value.
     */
    static final Map<String, List<String>> NEEDED = Map.of(
            FETCH_BILL, List.of("consumerNumber"),
            CONFIRM_PAYMENT, List.of("consumerNumber", "billNumber", "paymentReference", "amount", "amount.value"));

    /** Values like payment-service's, for fields the schema gives no example of. */
    private static final Map<String, String> SAMPLES = Map.of(
            "consumerNumber", "1234567890",
            "billNumber", "BILL-2024-06-001234",
            "paymentReference", "3f2b1c9a-0d4e-4a57-9a43-5c1c7a1b2e90",
            "value", "1234.50",
            "currency", "INR");

    private BillerInputs() {}

    private static Map<String, Object> confirmPaymentInput() {
        Map<String, Object> amount = new LinkedHashMap<>();
        amount.put("value", STRING);
        amount.put("currency", STRING);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("consumerNumber", STRING);
        input.put("billNumber", STRING);
        input.put("paymentReference", STRING);
        input.put("amount", amount);
        return input;
    }

    /**
     * @param operation {@link #FETCH_BILL} or {@link #CONFIRM_PAYMENT}
     * @param schema its input schema, already found valid by {@link InputSchemaRules#check}
     * @param field where the schema is in the request, e.g. {@code operations[0].inputSchema}
     * @param rules to try the schema on what payment-service sends
     * @param fields where problems go
     */
    static void check(String operation, JsonNode schema, String field, InputSchemaRules rules, RequestFields fields) {
        boolean fetchBill = FETCH_BILL.equals(operation);
        Map<String, Object> sent = fetchBill ? FETCH_BILL_INPUT : CONFIRM_PAYMENT_INPUT;
        String sends = fetchBill
                ? "payment-service fetches a bill with {\"consumerNumber\"} alone"
                : "payment-service confirms a payment with {\"consumerNumber\", \"billNumber\", \"paymentReference\","
                        + " \"amount\": {\"value\", \"currency\"}}";
        List<String> problems = new ArrayList<>();
        if (fetchBill && !declaresString(schema, "consumerNumber")) {
            problems.add("must declare the property consumerNumber of type string");
        }
        for (String needed : NEEDED.get(operation)) {
            int dot = needed.lastIndexOf('.');
            JsonNode at = dot < 0 ? schema : schema.path("properties").path(needed.substring(0, dot));
            // a nested field of an undeclared object: the object's own problem says it all
            if (!at.isMissingNode() && !requires(at, needed.substring(dot + 1))) {
                problems.add("must list " + needed + " in " + (dot < 0 ? "" : needed.substring(0, dot) + "'s ")
                        + "required: the biller cannot " + (fetchBill ? "fetch a bill" : "take a payment")
                        + " without it");
            }
        }
        shape(schema, sent, "", problems);
        if (problems.isEmpty()) {
            // what the rules above do not see (allOf, dependentRequired, minProperties, ...)
            for (String refusal : rules.refusals(schema, input(schema, sent))) {
                problems.add("refuses what payment-service sends (" + refusal + ")");
            }
        }
        for (String problem : problems) {
            fields.error(field, problem + ": " + sends);
        }
    }

    private static boolean requires(JsonNode schema, String name) {
        for (JsonNode required : schema.path("required")) {
            if (name.equals(required.asString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresString(JsonNode schema, String name) {
        JsonNode property = schema.path("properties").get(name);
        return property != null && property.isObject() && allows(property.get("type"), STRING, false);
    }

    /** Checks an object schema against the shape of what is sent at {@code at} ("" for the input). */
    @SuppressWarnings("unchecked")
    private static void shape(JsonNode schema, Map<String, Object> sent, String at, List<String> problems) {
        String where = at.isEmpty() ? "" : " in " + at;
        for (JsonNode required : schema.path("required")) {
            if (!sent.containsKey(required.asString())) {
                problems.add("requires " + join(at, required.asString()) + ", which payment-service does not send");
            }
        }
        JsonNode properties = schema.path("properties");
        for (String closing : List.of("additionalProperties", "unevaluatedProperties")) {
            JsonNode closed = schema.get(closing);
            if (closed != null && closed.isBoolean() && !closed.asBoolean()) {
                for (String name : sent.keySet()) {
                    if (!properties.has(name)) {
                        problems.add("forbids " + join(at, name) + " (" + closing + " false" + where
                                + " without declaring it), which payment-service sends");
                    }
                }
            }
        }
        for (Map.Entry<String, Object> member : sent.entrySet()) {
            JsonNode property = properties.get(member.getKey());
            if (property == null || !property.isObject()) {
                continue;
            }
            String name = join(at, member.getKey());
            if (member.getValue() instanceof Map<?, ?> nested) {
                if (!allows(property.get("type"), "object", true)) {
                    problems.add("declares " + name + " of another type than object, which payment-service sends");
                } else {
                    shape(property, (Map<String, Object>) nested, name, problems);
                }
            } else if (!allows(property.get("type"), STRING, true)) {
                problems.add("declares " + name + " of another type than string, which payment-service sends");
            }
        }
    }

    /** @return whether a schema's {@code type} allows the type; an absent one allows any when lenient */
    private static boolean allows(JsonNode type, String wanted, boolean lenient) {
        if (type == null) {
            return lenient;
        }
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (wanted.equals(one.asString())) {
                    return true;
                }
            }
            return false;
        }
        return wanted.equals(type.asString());
    }

    /** An input as payment-service sends it, each value the schema's own example where it has one. */
    private static ObjectNode input(JsonNode schema, Map<String, Object> sent) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> member : sent.entrySet()) {
            JsonNode property = schema.path("properties").path(member.getKey());
            if (member.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> shape = (Map<String, Object>) nested;
                input.set(member.getKey(), input(property, shape));
            } else {
                JsonNode example = property.path("examples").path(0);
                input.put(member.getKey(), example.isString() ? example.asString() : SAMPLES.get(member.getKey()));
            }
        }
        return input;
    }

    private static String join(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }
}
