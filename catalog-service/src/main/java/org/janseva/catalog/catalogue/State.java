package org.janseva.catalog.catalogue;

/**
 * A state (or union territory) of India whose departments offer services.
 *
 * @param code the ISO 3166-2:IN code without the {@code IN-} prefix, e.g. {@code KA}
 * @param name the name per language
 */
public record State(String code, LocalizedText name) {}
