package org.janseva.gateway.auth;

/**
 * The token could not be checked at all: the gateway holds no key set of user-service's (it has
 * not fetched one since it started) and cannot fetch one now. Not the token's fault, so not a 401:
 * the app would throw the citizen's login away for an outage of ours. Stackless: during an outage
 * every request with a token meets it.
 */
final class KeysUnavailableException extends RuntimeException {

    KeysUnavailableException(String message) {
        super(message, null, false, false);
    }
}
