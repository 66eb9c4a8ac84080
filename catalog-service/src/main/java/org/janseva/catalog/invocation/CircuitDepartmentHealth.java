package org.janseva.catalog.invocation;

import org.janseva.catalog.catalogue.DepartmentHealth;
import org.janseva.catalog.catalogue.DepartmentStatus;
import org.springframework.stereotype.Component;

/**
 * The catalogue's live department status ({@code GET /api/v1/catalog/departments}), from each
 * department's circuit breaker on this instance: DOWN while open, DEGRADED while half-open or
 * failing often, UP otherwise.
 */
@Component
class CircuitDepartmentHealth implements DepartmentHealth {

    private final DepartmentCalls calls;

    CircuitDepartmentHealth(DepartmentCalls calls) {
        this.calls = calls;
    }

    @Override
    public DepartmentStatus statusOf(String departmentCode) {
        return calls.status(departmentCode);
    }
}
