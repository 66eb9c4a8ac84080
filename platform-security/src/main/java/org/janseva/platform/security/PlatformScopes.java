package org.janseva.platform.security;

/** The scopes and the audience of the platform's access tokens (see the contracts). */
public final class PlatformScopes {

    /** A signed-in citizen. */
    public static final String CITIZEN = "citizen";

    /** One of our own services, calling another with its service token. */
    public static final String SERVICE = "service";

    /** An operator or an admin client (department onboarding). */
    public static final String ADMIN = "admin";

    /** The {@code aud} every platform access token carries. */
    public static final String AUDIENCE = "janseva";

    private PlatformScopes() {}
}
