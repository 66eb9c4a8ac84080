package org.janseva.catalog.admin;

import java.util.Locale;

/**
 * How the admin API reads the codes and the enum filters it is given (a department or service
 * code in a path, a query or a dry run's body; {@code type} and {@code status} filters): in any
 * case, spaces around ignored, as the public catalogue reads them. Codes are stored in capitals
 * (creating one still needs them so), so {@code epfo} finds {@code EPFO}; read exactly, a
 * lower-case code was a 404 here while the catalogue answered it, and an audit filter on it
 * silently found no rows.
 */
final class AdminCodes {

    private AdminCodes() {}

    /**
     * @param code a department or service code as given, or {@code null}
     * @return it as stored: stripped and in capitals ({@code null} for {@code null})
     */
    static String code(String code) {
        return code == null ? null : code.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * @param value a code or an enum filter's value as given in a query, or {@code null}
     * @return it as stored, or {@code null} when absent or blank (no filter, as in the catalogue)
     */
    static String filter(String value) {
        return value == null || value.isBlank() ? null : code(value);
    }
}
