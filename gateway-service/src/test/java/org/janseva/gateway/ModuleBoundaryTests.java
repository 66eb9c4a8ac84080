package org.janseva.gateway;

import org.janseva.platform.test.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ModuleBoundaryTests {

    @Test
    void shouldNotDependOnAnotherServicesCode() {
        ModuleBoundaries.serviceIsIndependent("org.janseva.gateway")
                .check(ModuleBoundaries.importProductionClasses("org.janseva.gateway"));
    }
}
