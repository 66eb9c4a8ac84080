package org.janseva.catalog.catalogue;

/**
 * Told when a new catalogue snapshot is published (at start-up and after every change), on the
 * refresh thread, never on a request's: derived structures such as the search index are rebuilt
 * here and swapped whole.
 */
@FunctionalInterface
public interface CatalogueListener {

    /** @param snapshot the catalogue now in force */
    void catalogueChanged(CatalogueSnapshot snapshot);
}
