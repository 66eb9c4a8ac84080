package org.janseva.gateway.auth;

import java.util.Set;

/**
 * Who a request comes from, once its token is verified: kept as an exchange attribute for the
 * rate limiter. Nothing of it is passed on in headers: every service verifies the token itself.
 *
 * @param subject the citizen id or client id
 * @param scopes the token's scopes
 */
public record GatewayCaller(String subject, Set<String> scopes) {

    /** The exchange attribute holding the caller of an authenticated request. */
    public static final String ATTRIBUTE = GatewayCaller.class.getName();
}
