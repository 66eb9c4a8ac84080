package org.janseva.catalog.search;

import java.util.Arrays;
import java.util.Set;

/**
 * The two-letter deletions of an index's long terms, for typos two edits away: "electrcty" is
 * "electricity" without its two i's. A word and a term within two edits of each other share a
 * string once each has lost at most two letters (symmetric delete); the one-letter deletions are
 * kept as strings ({@link SearchIndex}), these as 40-bit hashes beside the term's position in the
 * sorted terms, one sorted {@code long} each: about a tenth of the memory of strings in a map,
 * and a hash that collides only offers a term that the edit distance then turns down.
 *
 * <p>Only terms of {@link #MIN_LENGTH} letters or more: a word is searched within two edits from
 * eight letters, and a term two edits from it that only shares a two-letter deletion with it is
 * at least as long as the word.
 */
final class TwiceDeleted {

    static final int MIN_LENGTH = 8;
    private static final int TERM_BITS = 24;
    private static final long TERM_MASK = (1L << TERM_BITS) - 1;

    private final long[] keys;

    private TwiceDeleted(long[] keys) {
        this.keys = keys;
    }

    /**
     * @param sortedTerms the index's terms, in the order whose positions the keys hold
     * @return the two-letter deletions of the terms of eight letters or more
     */
    static TwiceDeleted of(String[] sortedTerms) {
        if (sortedTerms.length > TERM_MASK) {
            throw new IllegalStateException("Too many terms to index: " + sortedTerms.length);
        }
        long count = 0;
        for (String term : sortedTerms) {
            int n = term.length();
            if (n >= MIN_LENGTH) {
                count += (long) n * (n - 1) / 2;
            }
        }
        long[] keys = new long[Math.toIntExact(count)];
        int k = 0;
        for (int id = 0; id < sortedTerms.length; id++) {
            String term = sortedTerms[id];
            int n = term.length();
            if (n < MIN_LENGTH) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    keys[k++] = (hash(term, i, j) << TERM_BITS) | id;
                }
            }
        }
        Arrays.sort(keys);
        // a term with a doubled letter loses it at either place to the same string: kept once
        int distinct = 0;
        for (int i = 0; i < keys.length; i++) {
            if (distinct == 0 || keys[i] != keys[distinct - 1]) {
                keys[distinct++] = keys[i];
            }
        }
        return new TwiceDeleted(distinct == keys.length ? keys : Arrays.copyOf(keys, distinct));
    }

    /** @return how many (deletion, term) pairs are kept */
    int size() {
        return keys.length;
    }

    /**
     * Adds the terms one of whose two-letter deletions may be {@code deleted} (a hash collision
     * adds another term now and then: the caller checks the edit distance).
     */
    void addTerms(String deleted, String[] sortedTerms, Set<String> into) {
        long from = hash(deleted, -1, -1) << TERM_BITS;
        long to = from | TERM_MASK;
        for (int i = lowerBound(from); i < keys.length && keys[i] <= to; i++) {
            into.add(sortedTerms[(int) (keys[i] & TERM_MASK)]);
        }
    }

    private int lowerBound(long key) {
        int low = 0;
        int high = keys.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (keys[mid] < key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** FNV-1a over the text's chars but the two skipped ones, cut to 40 bits. */
    static long hash(String text, int skip, int skipToo) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            if (i != skip && i != skipToo) {
                hash ^= text.charAt(i);
                hash *= 0x100000001b3L;
            }
        }
        return hash >>> TERM_BITS;
    }
}
