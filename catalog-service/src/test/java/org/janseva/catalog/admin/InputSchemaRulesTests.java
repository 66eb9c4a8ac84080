package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.Operation;
import org.janseva.catalog.shipped.ShippedCatalogue;
import org.janseva.platform.web.FieldErrorView;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin's rules for input schemas, at every depth, and the shipped catalogue held to them. */
class InputSchemaRulesTests {

    final InputSchemaRules rules = new InputSchemaRules(new org.janseva.catalog.invocation.InputValidator());
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldHoldEveryShippedInputSchemaToTheRulesAdminsAreHeldTo() {
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (CatalogueEntry entry :
                ShippedCatalogue.load().toSnapshot(1, Instant.EPOCH).entries()) {
            for (Operation operation : entry.operations()) {
                operations++;
                RequestFields fields = new RequestFields();
                // with its path: the shipped optional query placeholders (/events?month={month})
                // are allowed, path placeholders must be required
                rules.check(operation.inputSchema(), "inputSchema", operation.pathTemplate(), "path", fields);
                fields.errors()
                        .forEach(error -> problems.add(
                                entry.code() + "/" + operation.code() + " " + error.field() + ": " + error.message()));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(operations).isGreaterThan(1179 * 2);
    }

    @Test
    void shouldAllowOnlyFormatsTheValidatorAsserts() {
        // a format the library did not know would be ignored again, however the rule names it
        assertThat(com.networknt.schema.format.Formats.DEFAULT.stream()
                        .map(com.networknt.schema.format.Format::getName)
                        .toList())
                .containsAll(InputSchemaRules.FORMATS);
    }

    @Test
    void shouldAskTitlesAndExamplesOfNestedPropertiesAndOfTheObjectsInArrays() {
        assertThat(errors("""
                        {"type": "object", "additionalProperties": false, "properties": {
                          "a": {"type": "object", "title": "A", "examples": [{}], "additionalProperties": false,
                                "properties": {"b": {"type": "string"}}},
                          "owners": {"type": "array", "title": "Owners", "examples": [[]],
                                     "items": {"type": "object", "additionalProperties": false, "properties": {
                                       "name": {"type": "string", "title": "Name", "examples": ["Asha Rao"]},
                                       "pan": {"type": "string", "pattern": "^[A-Z]{5}[0-9]{4}[A-Z]$",
                                               "title": "PAN", "examples": ["abcde1234f"]}}}}}}"""))
                .containsExactly(
                        "inputSchema.properties.a.properties.b.title",
                        "inputSchema.properties.a.properties.b.examples",
                        "inputSchema.properties.owners.items.properties.pan.examples[0]");
    }

    @Test
    void shouldAcceptNestedPropertiesWithTitlesAndExamplesTheyAccept() {
        // the amount needs its currency too: that is the amount's own rule, not the value's
        assertThat(errors("""
                        {"type": "object", "additionalProperties": false, "properties": {
                          "amount": {"type": "object", "title": "Amount", "additionalProperties": false,
                                     "examples": [{"value": "10.00", "currency": "INR"}],
                                     "required": ["value", "currency"],
                                     "properties": {
                                       "value": {"type": "string", "pattern": "^[0-9]+\\\\.[0-9]{2}$",
                                                 "title": "Value", "examples": ["10.00"]},
                                       "currency": {"const": "INR", "title": "Currency", "examples": ["INR"]}}},
                          "phones": {"type": "array", "title": "Phone numbers", "examples": [["9876543210"]],
                                     "items": {"type": "string", "pattern": "^[6-9][0-9]{9}$"}}}}""")).isEmpty();
    }

    @Test
    void shouldAskPathPlaceholdersToBeRequiredButNotThoseOfTheQuery() {
        String schema = """
                {"type": "object", "required": ["keyword"], "additionalProperties": false, "properties": {
                  "keyword": {"type": "string", "title": "Keyword", "examples": ["nurse"]},
                  "state": {"type": "string", "title": "State", "examples": ["KA"]}}}""";
        RequestFields optionalInQuery = new RequestFields();
        rules.check(json.readTree(schema), "inputSchema", "/jobs/{keyword}?state={state}", "path", optionalInQuery);
        assertThat(optionalInQuery.errors()).isEmpty();

        RequestFields optionalInPath = new RequestFields();
        rules.check(json.readTree(schema), "inputSchema", "/jobs/{state}?q={keyword}", "path", optionalInPath);
        assertThat(optionalInPath.errors())
                .extracting(FieldErrorView::message)
                .containsExactly("the path placeholder {state} must be a required property of the input schema");

        RequestFields unknown = new RequestFields();
        rules.check(json.readTree(schema), "inputSchema", "/jobs?month={month}", "path", unknown);
        assertThat(unknown.errors()).extracting(FieldErrorView::field).containsExactly("path");
    }

    @Test
    void shouldAskTheInputToBeAnObjectOfTheDeclaredPropertiesAlone() {
        String properties =
                "\"properties\": {\"q\": {\"type\": \"string\", \"title\": \"Query\", \"examples\": [\"x\"]}}";
        assertThat(errors("{\"type\": \"object\", " + properties + "}"))
                .containsExactly("inputSchema.additionalProperties");
        assertThat(errors("{\"type\": \"object\", \"additionalProperties\": true, " + properties + "}"))
                .containsExactly("inputSchema.additionalProperties");
        assertThat(errors(
                        "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"string\"}, " + properties + "}"))
                .containsExactly("inputSchema.additionalProperties");
        assertThat(errors("{\"additionalProperties\": false, " + properties + "}"))
                .containsExactly("inputSchema.type");
        assertThat(errors("{\"type\": \"object\", \"additionalProperties\": false, " + properties + "}"))
                .isEmpty();
    }

    @Test
    void shouldAskEveryObjectInTheInputToHoldItsDeclaredMembersAlone() {
        // each of these let an undeclared member ({"amount": {"value": "1.00", "aadhaar": "..."}})
        // through the validation and on to the department inside the body
        assertThat(errors("""
                        {"type": "object", "additionalProperties": false, "properties": {
                          "amount": {"type": "object", "title": "Amount", "examples": [{"value": "1.00"}],
                                     "properties": {"value": {"type": "string", "title": "Value", "examples": ["1.00"]}}},
                          "map": {"type": "object", "title": "Map", "examples": [{}],
                                  "additionalProperties": {"type": "string"}},
                          "tagged": {"type": ["object", "null"], "title": "Tagged", "examples": [null],
                                     "additionalProperties": false, "patternProperties": {"^x": {}}},
                          "anything": {"title": "Anything", "examples": ["x"]},
                          "list": {"type": "array", "title": "List", "examples": [[]]},
                          "owners": {"type": "array", "title": "Owners", "examples": [[]],
                                     "items": {"type": "object", "properties": {
                                       "name": {"type": "string", "title": "Name", "examples": ["Asha Rao"]}}}},
                          "pair": {"type": "array", "title": "Pair", "examples": [[]], "items": {"type": "string"},
                                   "prefixItems": [{"type": "object", "additionalProperties": true}]}}}"""))
                .containsExactly(
                        "inputSchema.properties.amount.additionalProperties",
                        "inputSchema.properties.map.additionalProperties",
                        "inputSchema.properties.tagged.patternProperties",
                        "inputSchema.properties.anything.type",
                        "inputSchema.properties.list.items",
                        "inputSchema.properties.owners.items.additionalProperties",
                        "inputSchema.properties.pair.prefixItems[0].additionalProperties");
        // values fixed by const or enum need no type; closed objects at every depth pass
        assertThat(errors("""
                        {"type": "object", "additionalProperties": false, "properties": {
                          "currency": {"const": "INR", "title": "Currency", "examples": ["INR"]},
                          "kind": {"enum": ["A", "B"], "title": "Kind", "examples": ["A"]},
                          "owners": {"type": "array", "title": "Owners", "examples": [[]],
                                     "items": {"type": "object", "additionalProperties": false, "properties": {
                                       "address": {"type": "object", "additionalProperties": false,
                                                   "title": "Address", "examples": [{}], "properties": {
                                         "pin": {"type": "string", "title": "PIN", "examples": ["560001"]}}}}}}}}""")).isEmpty();
    }

    @Test
    void shouldHoldStoredOperationsToClosedObjectsAtEveryDepthToo() {
        RequestFields fields = new RequestFields();
        InputSchemaRules.closedObject(json.readTree("""
                        {"type": "object", "additionalProperties": false, "properties": {
                          "amount": {"type": "object", "properties": {"value": {"type": "string"}}}}}"""), "operations[0].inputSchema", fields);
        assertThat(fields.errors())
                .extracting(FieldErrorView::field)
                .containsExactly("operations[0].inputSchema.properties.amount.additionalProperties");
    }

    private List<String> errors(String schema) {
        RequestFields fields = new RequestFields();
        JsonNode node = json.readTree(schema);
        rules.check(node, "inputSchema", "/x", "path", fields);
        return fields.errors().stream().map(FieldErrorView::field).toList();
    }
}
