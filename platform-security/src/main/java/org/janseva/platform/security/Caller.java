package org.janseva.platform.security;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as proven by a verified access token. A controller declares a {@code Caller}
 * parameter to get it; a request without a valid token never reaches such a controller.
 *
 * @param subject the token's {@code sub}: the citizen id for citizens, the client id for machine
 *     clients
 * @param scopes the token's scopes
 * @param onBehalfOf the citizen a service acts for ({@code X-On-Behalf-Of}); only ever set when
 *     the token carries scope {@code service}, never from any other caller's header
 */
public record Caller(String subject, Set<String> scopes, String onBehalfOf) {

    /** The header by which a service names the citizen it acts for (service tokens only). */
    public static final String ON_BEHALF_OF_HEADER = "X-On-Behalf-Of";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** @return whether the token carries the scope */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** @return whether the caller is a signed-in citizen */
    public boolean isCitizen() {
        return hasScope(PlatformScopes.CITIZEN);
    }

    /** @return whether the caller is one of our own services */
    public boolean isService() {
        return hasScope(PlatformScopes.SERVICE);
    }

    /** @return whether the caller is an admin client or user */
    public boolean isAdmin() {
        return hasScope(PlatformScopes.ADMIN);
    }

    /**
     * @return the citizen this request is for: the subject of a citizen token, or the citizen a
     *     service token acts for; empty for admin and machine callers acting for nobody
     */
    public Optional<String> citizenId() {
        if (isCitizen()) {
            return Optional.of(subject);
        }
        return isService() ? Optional.ofNullable(onBehalfOf) : Optional.empty();
    }

    /**
     * @return the client id of a machine caller (admin or service token), empty for a citizen
     */
    public Optional<String> clientId() {
        return isCitizen() ? Optional.empty() : Optional.of(subject);
    }
}
