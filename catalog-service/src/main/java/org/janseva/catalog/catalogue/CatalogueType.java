package org.janseva.catalog.catalogue;

/** Who provides a department's services: the central government, a state, or a utility biller. */
public enum CatalogueType {
    CENTRAL,
    STATE,
    UTILITY
}
