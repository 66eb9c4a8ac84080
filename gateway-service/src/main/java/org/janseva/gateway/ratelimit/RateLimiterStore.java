package org.janseva.gateway.ratelimit;

import reactor.core.publisher.Mono;

/** Where the token buckets live: this instance's memory, or Redis for every instance. */
interface RateLimiterStore {

    /**
     * Takes one token from the key's bucket.
     *
     * @param key the caller's key
     * @param rate tokens added per second
     * @param burst the bucket's size
     * @return whether the request may pass, and what is left
     */
    Mono<Decision> consume(String key, int rate, int burst);

    /**
     * @param allowed whether a token was taken
     * @param remaining the whole tokens left, {@link #UNKNOWN} when the store could not be asked
     */
    record Decision(boolean allowed, long remaining) {

        /** {@link #remaining()} of a request let through unchecked. */
        static final long UNKNOWN = -1;

        /** The store did not answer: the request passes, and nothing is known of the bucket. */
        static Decision unchecked() {
            return new Decision(true, UNKNOWN);
        }

        boolean checked() {
            return remaining != UNKNOWN;
        }
    }
}
