package org.janseva.platform.security;

/** The scopes and the audience of the platform's access tokens (see the contracts). */
public final class PlatformScopes {

    /** A signed-in citizen. */
    public static final String CITIZEN = "citizen";

    /**
     * One of our own services, calling another with its service token: {@code /internal/**} unless
     * a rule names another scope, acting for a citizen ({@code X-On-Behalf-Of}) and the operations
     * kept for the platform's services (a biller's {@code confirm-payment}). Only catalog-service's
     * and payment-service's clients get it.
     */
    public static final String SERVICE = "service";

    /**
     * Reads user-service's list of revoked tokens ({@code GET /internal/v1/revocations}) and
     * nothing else: the gateway's client, which faces the internet, gets only this.
     */
    public static final String REVOCATIONS = "revocations";

    /**
     * Erases a citizen's data at a service ({@code POST /internal/v1/citizens/{id}/erasure}):
     * user-service's own token only (its erasure fan-out); no registered client gets it by default.
     */
    public static final String ERASURE = "erasure";

    /** An operator or an admin client (department onboarding). */
    public static final String ADMIN = "admin";

    /** The {@code aud} every platform access token carries. */
    public static final String AUDIENCE = "janseva";

    private PlatformScopes() {}
}
