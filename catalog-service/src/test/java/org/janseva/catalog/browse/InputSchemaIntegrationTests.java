package org.janseva.catalog.browse;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.InputSchemas;
import org.janseva.catalog.catalogue.Operation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every operation of the catalogue as loaded from PostgreSQL: its input schema is valid JSON Schema
 * 2020-12 (checked against the meta-schema with networknt json-schema-validator), every property
 * has a title and examples, the examples satisfy their own schema, and the titles' translations
 * name only the app's languages.
 */
class InputSchemaIntegrationTests extends CatalogTestSupport {

    static final Set<String> LANGUAGES = Set.of("hi", "as", "bn", "gu", "kn", "ml", "mr", "or", "pa", "ta", "te", "ur");

    @Autowired
    Catalogue catalogue;

    @Test
    void shouldKeepTheShippedInputFieldsInTheirCuratedOrder() {
        // operations.txt: fir-status|status|POST|/firs/lookup|district,policeStation,firNumber
        List<Operation> firLookups = catalogue.current().entries().stream()
                .flatMap(entry -> entry.operations().stream())
                .filter(operation -> operation.pathTemplate().equals("/firs/lookup"))
                .toList();
        assertThat(firLookups).isNotEmpty();
        for (Operation operation : firLookups) {
            assertThat(operation.inputSchema().path("properties").propertyNames())
                    .containsExactly("district", "policeStation", "firNumber");
        }
    }

    @Test
    void shouldGiveEveryOperationAValidInputSchemaWithTitlesAndExamples() {
        SchemaRegistry metaRegistry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema metaSchema = metaRegistry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new AnnotationKeyword(InputSchemas.TITLE_TRANSLATIONS))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDialect(dialect);
        JsonMapper json = JsonMapper.builder().build();

        List<String> problems = new ArrayList<>();
        int operations = 0;
        int properties = 0;
        for (CatalogueEntry entry : catalogue.current().entries()) {
            for (Operation operation : entry.operations()) {
                operations++;
                String where = entry.code() + "/" + operation.code();
                JsonNode schema = operation.inputSchema();
                for (Error error : metaSchema.validate(schema)) {
                    problems.add(where + ": not valid JSON Schema: " + error.getMessage());
                }
                Schema compiled = registry.getSchema(schema);
                ObjectNode example = json.createObjectNode();
                for (Map.Entry<String, JsonNode> property :
                        schema.path("properties").properties()) {
                    properties++;
                    properties += check(where + "." + property.getKey(), property.getValue(), registry, problems);
                    example.set(
                            property.getKey(),
                            property.getValue().path("examples").path(0));
                }
                for (Error error : compiled.validate(example)) {
                    problems.add(where + ": its examples make an invalid input: " + error.getMessage());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(operations).isGreaterThan(1179 * 2);
        System.out.printf("%d operations, %d properties checked%n", operations, properties);
    }

    /** @return how many nested properties were checked too */
    private static int check(String where, JsonNode property, SchemaRegistry registry, List<String> problems) {
        int nested = 0;
        if (!property.path("title").isString()
                || property.path("title").asString().isBlank()) {
            problems.add(where + " has no title");
        }
        JsonNode examples = property.path("examples");
        if (!examples.isArray() || examples.isEmpty()) {
            problems.add(where + " has no examples");
        } else {
            Schema own = registry.getSchema(property);
            for (JsonNode example : examples) {
                for (Error error : own.validate(example)) {
                    problems.add(where + " has an example its schema refuses: " + error.getMessage());
                }
            }
        }
        for (Map.Entry<String, JsonNode> translation :
                property.path(InputSchemas.TITLE_TRANSLATIONS).properties()) {
            if (!LANGUAGES.contains(translation.getKey())
                    || translation.getValue().asString().isBlank()) {
                problems.add(where + " has a bad title translation " + translation.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> member : property.path("properties").properties()) {
            nested++;
            nested += check(where + "." + member.getKey(), member.getValue(), registry, problems);
        }
        return nested;
    }
}
