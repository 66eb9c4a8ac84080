package org.janseva.catalog.catalogue;

/** The life cycle of a catalogue entry; only PUBLISHED entries are listed and callable. */
public enum EntryStatus {
    DRAFT,
    PUBLISHED,
    SUSPENDED
}
