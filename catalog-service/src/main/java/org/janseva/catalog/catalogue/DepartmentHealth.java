package org.janseva.catalog.catalogue;

/**
 * The live health of departments, for {@code GET /api/v1/catalog/departments}. The adapter layer
 * provides the real one (from its circuit breakers); until a bean of this type exists, every
 * department is reported {@link DepartmentStatus#UP}. Called on the request path: answer from
 * memory.
 */
@FunctionalInterface
public interface DepartmentHealth {

    /**
     * @param departmentCode a department's code
     * @return its current status
     */
    DepartmentStatus statusOf(String departmentCode);
}
