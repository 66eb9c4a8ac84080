package org.janseva.catalog.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShippedCatalogueTests {

    @Test
    void shouldHaveTheSeedsFigures() {
        ShippedCatalogue catalogue = ShippedCatalogue.load();
        ShippedCatalogue.Figures figures = catalogue.figures();
        System.out.println(figures);
        assertThat(figures.services()).isEqualTo(2039);
    }
}
