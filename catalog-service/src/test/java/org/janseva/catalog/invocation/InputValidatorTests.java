package org.janseva.catalog.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.janseva.platform.web.FieldErrorView;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InputValidatorTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final InputValidator validator = new InputValidator();
    private final JsonNode schema = json.readTree("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "required": ["uan", "email"], "additionalProperties": false,
             "properties": {
               "uan": {"type": "string", "pattern": "^1[0-9]{11}$", "title": "UAN", "x-title": {"hi": "यूएएन"},
                       "examples": ["100200300400"]},
               "email": {"type": "string", "format": "email", "title": "Email", "examples": ["a@b.in"]},
               "year": {"type": "integer", "minimum": 2000, "title": "Year", "examples": [2024]}}}
            """);

    @Test
    void shouldAcceptAValidInput() {
        assertThat(validator.validate(schema, json.readTree("{\"uan\": \"100200300400\", \"email\": \"a@b.in\"}")))
                .isEmpty();
    }

    @Test
    void shouldNameEachWrongOrMissingFieldWithoutRepeatingTheValue() {
        List<FieldErrorView> errors = validator.validate(
                schema, json.readTree("{\"uan\": \"999888777666\", \"year\": 1990, \"extra\": true}"));

        assertThat(errors).extracting(FieldErrorView::field).containsExactly("email", "extra", "uan", "year");
        assertThat(errors)
                .allSatisfy(error -> assertThat(error.message())
                        .isNotBlank()
                        .doesNotContain("999888777666")
                        .doesNotStartWith("$"));
    }

    @Test
    void shouldRepeatOnlyPropertyNamesFitToShow() {
        assertThat(InputValidator.fitToRepeat("pincode")).isTrue();
        assertThat(InputValidator.fitToRepeat("पिन कोड")).isTrue();
        assertThat(InputValidator.fitToRepeat("😀".repeat(64)))
                .as("64 characters, 128 UTF-16 units")
                .isTrue();
        assertThat(InputValidator.fitToRepeat("x".repeat(65))).isFalse();
        assertThat(InputValidator.fitToRepeat("")).isFalse();
        assertThat(InputValidator.fitToRepeat("a\tb")).isFalse();
        assertThat(InputValidator.fitToRepeat("a\u0085b")).as("NEL").isFalse();
        assertThat(InputValidator.fitToRepeat("a\u202Eb")).as("a bidi override").isFalse();
        assertThat(InputValidator.fitToRepeat("a\u2028b"))
                .as("a line separator")
                .isFalse();
    }

    @Test
    void shouldAssertFormats() {
        assertThat(validator.validate(
                        schema, json.readTree("{\"uan\": \"100200300400\", \"email\": \"not-an-email\"}")))
                .extracting(FieldErrorView::field)
                .containsExactly("email");
    }
}
