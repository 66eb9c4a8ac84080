package org.janseva.payment;

import org.janseva.platform.test.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ModuleBoundaryTests {

    @Test
    void shouldNotDependOnAnotherServicesCode() {
        ModuleBoundaries.serviceIsIndependent("org.janseva.payment")
                .check(ModuleBoundaries.importProductionClasses("org.janseva.payment"));
    }
}
