package org.janseva.user.citizen;

import java.util.List;
import java.util.Locale;

/**
 * India's 28 states and 8 union territories, by the codes the catalogue uses for its states
 * ({@code GET /api/v1/catalog/states}: AP, AR, AS, BR, CG, DL, ...). The catalogue ships 27 of them
 * (the states with state services); the other nine (MZ, NL, SK and the union territories AN, CH,
 * DD, LA, LD, PY) are coded in the same style, the two letters of the vehicle-registration series,
 * which is also the catalogue's style where it and ISO 3166-2:IN differ (Telangana TG, not ISO's TS;
 * Dadra and Nagar Haveli and Daman and Diu therefore DD, not ISO's DH). {@code StatesTests} checks
 * that every code the catalogue ships is here.
 */
public final class States {

    /** The 28 states' codes. */
    public static final String STATES =
            "AP, AR, AS, BR, CG, GA, GJ, HR, HP, JH, KA, KL, MP, MH, MN, ML, MZ, NL, OD, PB,"
                    + " RJ, SK, TN, TG, TR, UP, UK, WB";

    /** The 8 union territories' codes. */
    public static final String UNION_TERRITORIES = "AN, CH, DD, DL, JK, LA, LD, PY";

    /** Every code, comma separated: a constant, for the OpenAPI descriptions. */
    public static final String LISTED = STATES + ", " + UNION_TERRITORIES;

    public static final List<String> CODES = List.of(LISTED.split(", "));

    /** The field error's message for a state that is not one of {@link #CODES}. */
    public static final String MUST_BE_ONE = "must be one of " + CODES;

    private States() {}

    /**
     * @param state a state as a client sent it, e.g. {@code KA} or {@code ka}
     * @return the code in capitals ({@code KA}), or {@code null} when it is none of {@link #CODES}
     */
    public static String code(String state) {
        if (state == null) {
            return null;
        }
        String code = state.strip().toUpperCase(Locale.ROOT);
        return CODES.contains(code) ? code : null;
    }
}
