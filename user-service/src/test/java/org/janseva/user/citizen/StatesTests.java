package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatesTests {

    /**
     * The states catalog-service ships (its catalogue source, loaded by its Flyway migration and
     * answered by {@code GET /api/v1/catalog/states}), read from the catalog-service module of this
     * reactor: user-service links none of its code (ModuleBoundaryTests), but a citizen's state must
     * be a code the catalogue understands, so a state added there with a code missing here fails
     * this test.
     */
    private static final Path CATALOGUE_STATES =
            Path.of("..", "catalog-service", "src", "main", "resources", "catalogue", "states.txt");

    @Test
    void shouldAcceptEveryStateCodeTheCatalogueShips() throws IOException {
        assertThat(CATALOGUE_STATES)
                .as("catalog-service's states, next to this module")
                .isRegularFile();
        List<String> shipped = Files.readAllLines(CATALOGUE_STATES, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('|')))
                .toList();

        assertThat(shipped).hasSize(27);
        assertThat(States.CODES).containsAll(shipped);
        shipped.forEach(code -> assertThat(States.code(code)).isEqualTo(code));
    }

    @Test
    void shouldListTheTwentyEightStatesAndEightUnionTerritoriesOnce() {
        assertThat(States.STATES.split(", ")).hasSize(28).doesNotHaveDuplicates();
        assertThat(States.UNION_TERRITORIES.split(", ")).hasSize(8).doesNotHaveDuplicates();
        assertThat(States.CODES).hasSize(36).doesNotHaveDuplicates().allMatch(code -> code.matches("[A-Z]{2}"));
    }

    @Test
    void shouldTakeAnyCaseAndSurroundingSpacesButNothingElse() {
        assertThat(States.code("ka")).isEqualTo("KA");
        assertThat(States.code(" Dl ")).isEqualTo("DL");
        assertThat(States.code(null)).isNull();
        for (String refused : new String[] {"Narnia", "", " ", "Karnataka", "IN-KA", "K A", "XX", "KAR"}) {
            assertThat(States.code(refused)).as(refused).isNull();
        }
    }
}
