package org.janseva.catalog;

import org.janseva.platform.test.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ModuleBoundaryTests {

    @Test
    void shouldNotDependOnAnotherServicesCode() {
        ModuleBoundaries.serviceIsIndependent("org.janseva.catalog")
                .check(ModuleBoundaries.importProductionClasses("org.janseva.catalog"));
    }
}
