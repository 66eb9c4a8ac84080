package org.janseva.simulator;

import org.janseva.platform.test.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ModuleBoundaryTests {

    @Test
    void shouldNotDependOnAnotherServicesCode() {
        ModuleBoundaries.serviceIsIndependent("org.janseva.simulator")
                .check(ModuleBoundaries.importProductionClasses("org.janseva.simulator"));
    }
}
