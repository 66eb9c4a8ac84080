package org.janseva.catalog.catalogue;

/** A department's live health as the catalogue reports it. */
public enum DepartmentStatus {
    UP,
    DEGRADED,
    DOWN
}
