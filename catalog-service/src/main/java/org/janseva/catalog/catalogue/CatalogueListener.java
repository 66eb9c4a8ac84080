package org.janseva.catalog.catalogue;

/**
 * Told when a new catalogue snapshot is published (at start-up and after every change), on the
 * refresh thread, never on a request's, and before {@link Catalogue#current()} answers it: derived
 * structures such as the search index are rebuilt here and swapped whole, each together with the
 * snapshot it was made from (readers take both from that one reference, never the snapshot from
 * {@link Catalogue} and the derived structure from the listener, which may be of another version).
 * A listener that throws keeps the new snapshot out of force; the next refresh tries again.
 */
@FunctionalInterface
public interface CatalogueListener {

    /** @param snapshot the catalogue about to be put in force */
    void catalogueChanged(CatalogueSnapshot snapshot);
}
