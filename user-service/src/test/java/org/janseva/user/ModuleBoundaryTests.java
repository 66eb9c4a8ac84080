package org.janseva.user;

import org.janseva.platform.test.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ModuleBoundaryTests {

    @Test
    void shouldNotDependOnAnotherServicesCode() {
        ModuleBoundaries.serviceIsIndependent("org.janseva.user")
                .check(ModuleBoundaries.importProductionClasses("org.janseva.user"));
    }
}
