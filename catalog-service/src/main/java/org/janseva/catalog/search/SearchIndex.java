package org.janseva.catalog.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.catalog.catalogue.CatalogueType;
import org.janseva.catalog.catalogue.Category;
import org.janseva.catalog.catalogue.State;

/**
 * An immutable in-memory search index over the PUBLISHED entries of one catalogue snapshot: the
 * tokens of every name, synonym, department, category, state and description in every language
 * and script, plus the Latin-ASCII keys of the non-Latin ones ({@link LatinKeys}). Built off the
 * request path and replaced whole when the catalogue changes ({@link CatalogueSearch}).
 *
 * <p>A query token matches a term exactly, as a prefix (the word being typed) or within a small
 * edit distance (typos: one edit from 4 letters, two from 8), found through the terms' one-letter
 * deletions and, for terms of 8 letters or more, their two-letter ones ({@link TwiceDeleted}). A word that is itself a term is taken as meant, and a Latin one of
 * 5 letters or more also as a typo of its one-edit neighbours that are in more entries than it
 * is: "aadhar" is the name of a housing-finance biller and the way many people spell Aadhaar. Each
 * token scores the best of its matches: the field's weight (name 100, the entry's own synonyms 90,
 * department 50, its department's or category's synonyms 50, category 40, state 30, description
 * 20; plus a tenth of the other fields the term is in) times the kind of match (exact 1, prefix
 * 0.75, fuzzy 0.55 or 0.45), so exact and prefix matches of names come first, then fuzzy ones; and
 * times the word's rarity (a word found in one entry weighs twice one found in all). A synonym
 * every service of a department or category has says what the citizen may be after, not which
 * service: it weighs less than a name that begins with the word ("hospital", the health
 * category's, finds "Veterinary hospitals" before the health services not named so) and than the
 * entry's own synonym ("pf balance", EPFO's and the passbook's, finds the passbook first).
 *
 * <p>Entries rank first by how many of the query's tokens they match in a field that names them
 * (name, synonyms, department, category, state: anything but the description), then by how many
 * they match at all, then by score; a query that is a whole name, or the whole of one of the
 * entry's department's synonyms, adds a bonus; ties keep
 * catalogue order. So a word found only in descriptions never lifts an entry above one whose
 * name says a word of the query: for {@code pan card}, "Verify PAN details" comes before the
 * DigiLocker service whose description mentions a PAN card.
 */
public final class SearchIndex {

    static final int NAME = 0;
    static final int SYNONYM = 1;
    static final int DEPARTMENT = 2;
    static final int CATEGORY = 3;
    static final int PLACE = 4;
    static final int DESCRIPTION = 5;
    /** A synonym of the entry's department or category: what the citizen may mean, not what it is. */
    static final int INHERITED_SYNONYM = 6;

    static final float[] WEIGHTS = {100, 90, 50, 40, 30, 20, 50};
    static final float EXACT = 1f;
    static final float PREFIX = 0.75f;
    /**
     * A longer term that a complete query word only begins ({@code पानी}: Panipat) ranks below every
     * entry that has the word itself, whatever its field: below a description's exact match
     * ({@code 20}) even from the best set of fields ({@code 128}), and without counting as a named
     * word.
     */
    static final float PREFIX_OF_A_WORD = 0.15f;

    static final float FUZZY_1 = 0.55f;
    static final float FUZZY_2 = 0.45f;
    static final float WHOLE_NAME_BONUS = 60;
    private static final int DESCRIPTION_ONLY = 1 << DESCRIPTION;
    static final int MAX_QUERY_TOKENS = 8;
    static final int MAX_PREFIX_EXPANSIONS = 64;
    static final int MAX_POOLED_SCRATCHES = 64;
    /** The shortest word that is a term whose commoner one-edit neighbours are searched too. */
    static final int MIN_COMMONER_NEIGHBOUR_LENGTH = 5;

    private final long version;
    private final CatalogueEntry[] docs;
    private final Map<String, Postings> terms;
    private final String[] sortedTerms;
    private final Map<String, String[]> deletions;
    private final TwiceDeleted twiceDeleted;
    private final Map<String, int[]> wholeNames;
    private final Map<String, List<String>> keys;
    private final byte[] channelsOfDoc;
    private final long[] countriesOfDoc;
    private final byte[] typeOfDoc;
    private final int[] categoryOfDoc;
    private final int[] departmentOfDoc;
    private final int[] stateOfDoc;
    private final Map<String, Integer> countryIds = new HashMap<>();
    private final Map<String, Integer> categoryIds = new HashMap<>();
    private final Map<String, Integer> departmentIds = new HashMap<>();
    private final Map<String, Integer> stateIds = new HashMap<>();
    /** Work arrays of finished queries, for the next ones (a pool, not a ThreadLocal: virtual threads). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Scratch> scratches =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** The entries a term occurs in (ascending) and, for each, the fields it occurs in (a bit each). */
    private record Postings(int[] docs, byte[] fields) {}

    /**
     * The score of a term per set of fields it occurs in: the best field's weight plus a tenth of
     * the others', so that among entries naming a word, those whose department or synonyms say it
     * too come first (Aadhaar in UIDAI's names before "PAN-Aadhaar link").
     */
    private static final float[] FIELD_SET_SCORES = fieldSetScores();

    private static float[] fieldSetScores() {
        float[] scores = new float[1 << WEIGHTS.length];
        for (int mask = 1; mask < scores.length; mask++) {
            float best = 0;
            float sum = 0;
            for (int field = 0; field < WEIGHTS.length; field++) {
                if ((mask & (1 << field)) != 0) {
                    best = Math.max(best, WEIGHTS[field]);
                    sum += WEIGHTS[field];
                }
            }
            scores[mask] = best + 0.1f * (sum - best);
        }
        return scores;
    }

    private SearchIndex(
            long version,
            CatalogueEntry[] docs,
            Map<String, Postings> terms,
            String[] sortedTerms,
            Map<String, String[]> deletions,
            TwiceDeleted twiceDeleted,
            Map<String, int[]> wholeNames,
            Map<String, List<String>> keys) {
        this.version = version;
        this.docs = docs;
        this.terms = terms;
        this.sortedTerms = sortedTerms;
        this.deletions = deletions;
        this.twiceDeleted = twiceDeleted;
        this.wholeNames = wholeNames;
        this.keys = keys;
        int n = docs.length;
        this.channelsOfDoc = new byte[n];
        this.countriesOfDoc = new long[n];
        this.typeOfDoc = new byte[n];
        this.categoryOfDoc = new int[n];
        this.departmentOfDoc = new int[n];
        this.stateOfDoc = new int[n];
        for (int doc = 0; doc < n; doc++) {
            CatalogueEntry entry = docs[doc];
            for (org.janseva.catalog.catalogue.Channel channel : entry.channels()) {
                channelsOfDoc[doc] |= (byte) (1 << channel.ordinal());
            }
            for (String country : entry.countries()) {
                int id = countryIds.computeIfAbsent(country, c -> countryIds.size());
                if (id < 64) {
                    countriesOfDoc[doc] |= 1L << id;
                }
            }
            typeOfDoc[doc] = (byte) entry.type().ordinal();
            categoryOfDoc[doc] = categoryIds.computeIfAbsent(entry.categoryCode(), c -> categoryIds.size());
            departmentOfDoc[doc] =
                    departmentIds.computeIfAbsent(entry.department().code(), c -> departmentIds.size());
            String state = entry.department().stateCode();
            stateOfDoc[doc] = state == null ? -1 : stateIds.computeIfAbsent(state, c -> stateIds.size());
        }
    }

    private static String[] sorted(Map<String, Postings> terms) {
        String[] sorted = terms.keySet().toArray(String[]::new);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * Builds the index of a snapshot, transliterating every distinct non-Latin token once.
     *
     * @param snapshot the catalogue
     * @return its index
     */
    public static SearchIndex build(CatalogueSnapshot snapshot) {
        return build(snapshot, new LatinKeys(), Map.of());
    }

    /**
     * @param known Latin keys already made (by the index this one replaces), reused as they are
     */
    static SearchIndex build(CatalogueSnapshot snapshot, LatinKeys latin, Map<String, List<String>> known) {
        return new Builder(snapshot, latin, known).build();
    }

    /**
     * An index for a newer snapshot whose searchable content is the same as this one's (its
     * changes were to operations, adapter settings, unpublished entries, ...): the terms are
     * shared and the entries are the new snapshot's, so answers render the new records. Much
     * cheaper than a rebuild, which most catalogue changes do not need.
     *
     * @param snapshot the newer snapshot
     * @return the index for it, or empty when anything searchable changed
     */
    java.util.Optional<SearchIndex> reusedFor(CatalogueSnapshot snapshot, CatalogueSnapshot indexed) {
        if (!snapshot.categories().equals(indexed.categories())
                || !snapshot.states().equals(indexed.states())) {
            return java.util.Optional.empty();
        }
        CatalogueEntry[] entries = new CatalogueEntry[docs.length];
        int doc = 0;
        for (CatalogueEntry entry : snapshot.entries()) {
            if (!entry.published()) {
                continue;
            }
            if (doc == docs.length || !sameSearchableContent(docs[doc], entry)) {
                return java.util.Optional.empty();
            }
            entries[doc++] = entry;
        }
        if (doc != docs.length) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new SearchIndex(
                snapshot.version(), entries, terms, sortedTerms, deletions, twiceDeleted, wholeNames, keys));
    }

    private static boolean sameSearchableContent(CatalogueEntry indexed, CatalogueEntry entry) {
        return indexed.code().equals(entry.code())
                && indexed.type() == entry.type()
                && indexed.categoryCode().equals(entry.categoryCode())
                && indexed.name().equals(entry.name())
                && indexed.description().equals(entry.description())
                && indexed.synonyms().equals(entry.synonyms())
                && indexed.department().code().equals(entry.department().code())
                && indexed.department().name().equals(entry.department().name())
                && indexed.department().synonyms().equals(entry.department().synonyms())
                && java.util.Objects.equals(
                        indexed.department().stateCode(), entry.department().stateCode());
    }

    /** @return the catalogue version the index was built from */
    public long version() {
        return version;
    }

    /** @return the number of entries indexed (the PUBLISHED ones) */
    public int size() {
        return docs.length;
    }

    /** @return the number of distinct terms */
    public int terms() {
        return sortedTerms.length;
    }

    /**
     * @param query the citizen's text, any language or script
     * @param filter the reader's channel and country and the list's filters
     * @param offset how many of the best matches to skip
     * @param limit how many to return at most
     * @return the matches, best first, and how many there are
     */
    public SearchHits search(String query, SearchFilter filter, int offset, int limit) {
        return search(query, filter, offset, limit, token -> List.of());
    }

    /**
     * @param keysOfNewToken makes the Latin keys of a non-Latin query token the index has never
     *     seen (the index knows the keys of its own terms)
     */
    SearchHits search(
            String query, SearchFilter filter, int offset, int limit, Function<String, List<String>> keysOfNewToken) {
        List<String> tokens = queryTokens(query);
        Wanted wanted = wanted(filter);
        if (tokens.isEmpty() || docs.length == 0 || wanted == null) {
            return new SearchHits(List.of(), 0);
        }
        Scratch pooled = scratches.poll();
        Scratch scratch = pooled != null ? pooled : new Scratch(docs.length);
        int touchedCount = 0;
        boolean completed = false;
        try {
            for (int t = 0; t < tokens.size(); t++) {
                String token = tokens.get(t);
                List<String> alternatives = alternatives(token, keysOfNewToken);
                int count = 0;
                boolean exact = false;
                for (String alternative : alternatives) {
                    Postings postings = terms.get(alternative);
                    if (postings != null) {
                        count = apply(postings, EXACT, true, scratch, count);
                        exact = true;
                        // a Latin word that is a term may still be a common word misspelt the way
                        // some name spells it ("aadhar": Aadhar Housing Finance); its one-edit
                        // neighbours found in more entries than it is count too, ranked as typos
                        // (not in the other scripts, where one vowel sign makes another word)
                        if (alternative.length() >= MIN_COMMONER_NEIGHBOUR_LENGTH && Tokens.isAscii(token)) {
                            count = matchFuzzy(alternative, 1, postings.docs().length + 1, scratch, count);
                        }
                    }
                }
                // the last word may still be being typed; a word that is no term may be cut short.
                // When the last word is a term, its longer terms come after the entries that have it
                // ("pani", water, is also the start of Panipat; Urdu's vowel-less keys start many names)
                if (!exact) {
                    for (String alternative : alternatives) {
                        count = matchPrefix(alternative, false, scratch, count);
                    }
                } else if (t == tokens.size() - 1) {
                    for (String alternative : alternatives) {
                        count = matchPrefix(alternative, true, scratch, count);
                    }
                }
                // a word that is a term is taken as meant; one that is none may be misspelt
                if (!exact) {
                    for (String alternative : alternatives) {
                        if (alternative.length() >= 4) {
                            count = matchFuzzy(alternative, alternative.length() >= 8 ? 2 : 1, 0, scratch, count);
                        }
                    }
                }
                float[] best = scratch.groupBest;
                float rarity = rarity(count);
                for (int i = 0; i < count; i++) {
                    int doc = scratch.groupTouched[i];
                    if (scratch.matched[doc] == 0) {
                        scratch.touched[touchedCount++] = doc;
                    }
                    scratch.matched[doc]++;
                    scratch.named[doc] += scratch.groupNamed[doc];
                    scratch.total[doc] += best[doc] * rarity;
                    best[doc] = 0;
                    scratch.groupNamed[doc] = 0;
                }
            }
            addWholeNameBonus(tokens, scratch);
            SearchHits hits = rank(wanted, offset, limit, scratch, touchedCount);
            completed = true;
            return hits;
        } finally {
            for (int i = 0; i < touchedCount; i++) {
                int doc = scratch.touched[i];
                scratch.total[doc] = 0;
                scratch.matched[doc] = 0;
                scratch.named[doc] = 0;
            }
            // a query cut short may leave a word's scores behind: its arrays are dropped
            if (completed && scratches.size() < MAX_POOLED_SCRATCHES) {
                scratches.offer(scratch);
            }
        }
    }

    /**
     * How much a query word found in {@code count} entries weighs, from 1 (in every entry) to 2
     * (in one): among entries matching as many words, those naming the rarer word come first
     * ("Verify PAN details" before the many services named a card, for {@code pan card}).
     */
    private float rarity(int count) {
        if (count == 0 || docs.length < 2) {
            return 1;
        }
        return 1 + (float) (Math.log((double) docs.length / count) / Math.log(docs.length));
    }

    private List<String> alternatives(String token, Function<String, List<String>> keysOfNewToken) {
        if (Tokens.isAscii(token)) {
            return List.of(token);
        }
        List<String> known = keys.get(token);
        List<String> latin = known != null ? known : keysOfNewToken.apply(token);
        if (latin.isEmpty()) {
            return List.of(token);
        }
        List<String> alternatives = new ArrayList<>(latin.size() + 1);
        alternatives.add(token);
        alternatives.addAll(latin);
        return alternatives;
    }

    private static List<String> queryTokens(String query) {
        List<String> all = Tokens.of(query);
        List<String> meaningful = new ArrayList<>(all.size());
        for (String token : all) {
            if (!Tokens.STOP_WORDS.contains(token) && !meaningful.contains(token)) {
                meaningful.add(token);
            }
        }
        List<String> tokens = meaningful.isEmpty() ? all : meaningful;
        return tokens.size() > MAX_QUERY_TOKENS ? tokens.subList(0, MAX_QUERY_TOKENS) : tokens;
    }

    /**
     * The longer terms a word begins. When the word is complete (itself a term), its English plural
     * ({@code hospital}: hospitals) is the word itself, and any other longer term ranks below every
     * entry that has the word ({@link #PREFIX_OF_A_WORD}).
     *
     * @param complete whether the word is a term, not one that may be cut short
     */
    private int matchPrefix(String token, boolean complete, Scratch scratch, int count) {
        boolean latin = Tokens.isAscii(token);
        if (token.length() < (latin ? 3 : 2)) {
            return count;
        }
        int expanded = 0;
        for (int i = lowerBound(token);
                i < sortedTerms.length && expanded < MAX_PREFIX_EXPANSIONS && sortedTerms[i].startsWith(token);
                i++) {
            String term = sortedTerms[i];
            if (term.length() > token.length()) {
                count = !complete || (latin && isPlural(term, token.length()))
                        ? apply(terms.get(term), PREFIX, true, scratch, count)
                        : apply(terms.get(term), PREFIX_OF_A_WORD, false, scratch, count);
                expanded++;
            }
        }
        return count;
    }

    /** @return whether the term is the word of that length and {@code s} or {@code es} */
    private static boolean isPlural(String term, int wordLength) {
        int rest = term.length() - wordLength;
        return (rest == 1 && term.endsWith("s")) || (rest == 2 && term.endsWith("es"));
    }

    /**
     * @param maxDistance 1 or 2 edits
     * @param minDocs the fewest entries a neighbouring term must be in to count (0: any)
     */
    private int matchFuzzy(String token, int maxDistance, int minDocs, Scratch scratch, int count) {
        // symmetric deletes: a term within two edits shares a string with the word once each has
        // lost at most two letters; the terms' two-letter deletions are kept only as hashes, for
        // terms long enough to be two edits from a word of eight letters
        Set<String> candidates = new HashSet<>();
        addAll(candidates, deletions.get(token));
        if (maxDistance == 2) {
            twiceDeleted.addTerms(token, sortedTerms, candidates);
        }
        for (int i = 0; i < token.length(); i++) {
            String deleted = deleteAt(token, i);
            if (terms.containsKey(deleted)) {
                candidates.add(deleted);
            }
            addAll(candidates, deletions.get(deleted));
            if (maxDistance == 2) {
                twiceDeleted.addTerms(deleted, sortedTerms, candidates);
                for (int j = i; j < deleted.length(); j++) {
                    String twice = deleteAt(deleted, j);
                    if (terms.containsKey(twice)) {
                        candidates.add(twice);
                    }
                    addAll(candidates, deletions.get(twice));
                    twiceDeleted.addTerms(twice, sortedTerms, candidates);
                }
            }
        }
        for (String candidate : candidates) {
            if (minDocs > 0 && terms.get(candidate).docs().length < minDocs) {
                continue;
            }
            int distance = Distance.osa(token, candidate, maxDistance);
            if (distance >= 1 && distance <= maxDistance) {
                count = apply(terms.get(candidate), distance == 1 ? FUZZY_1 : FUZZY_2, true, scratch, count);
            }
        }
        return count;
    }

    private static void addAll(Set<String> into, String[] terms) {
        if (terms != null) {
            into.addAll(Arrays.asList(terms));
        }
    }

    /**
     * @param names whether a match outside descriptions counts as a named word (the first ranking
     *     key); not for the longer terms of a complete word ({@link #PREFIX_OF_A_WORD})
     */
    private static int apply(Postings postings, float kind, boolean names, Scratch scratch, int count) {
        int[] postingDocs = postings.docs();
        byte[] fields = postings.fields();
        float[] best = scratch.groupBest;
        byte[] named = scratch.groupNamed;
        int[] touched = scratch.groupTouched;
        for (int i = 0; i < postingDocs.length; i++) {
            int doc = postingDocs[i];
            float score = FIELD_SET_SCORES[fields[i]] * kind;
            if (score > best[doc]) {
                if (best[doc] == 0) {
                    touched[count++] = doc;
                }
                best[doc] = score;
            }
            // the best score may be a description's (exact there beats fuzzy in a name): kept apart
            if (names && fields[i] != DESCRIPTION_ONLY) {
                named[doc] = 1;
            }
        }
        return count;
    }

    private void addWholeNameBonus(List<String> tokens, Scratch scratch) {
        int[] named = wholeNames.get(String.join(" ", tokens));
        if (named != null) {
            for (int doc : named) {
                if (scratch.matched[doc] > 0) {
                    scratch.total[doc] += WHOLE_NAME_BONUS;
                }
            }
        }
    }

    private SearchHits rank(Wanted wanted, int offset, int limit, Scratch scratch, int touchedCount) {
        long[] ranked = scratch.ranked;
        int count = 0;
        for (int i = 0; i < touchedCount; i++) {
            int doc = scratch.touched[i];
            if (wanted.matches(this, doc)) {
                ranked[count++] = rankKey(scratch.named[doc], scratch.matched[doc], scratch.total[doc], doc);
            }
        }
        if (offset >= count || limit <= 0) {
            return new SearchHits(List.of(), count);
        }
        int wantedCount = (int) Math.min((long) offset + limit, count);
        long[] best = TopK.largest(ranked, count, wantedCount);
        List<CatalogueEntry> page = new ArrayList<>(wantedCount - offset);
        for (int i = offset; i < wantedCount; i++) {
            page.add(docs[docOf(best[i])]);
        }
        return new SearchHits(page, count);
    }

    /**
     * Sorts by tokens matched outside descriptions, then tokens matched, then score, then catalogue
     * order (a lower doc id wins). Both counts are at most {@link #MAX_QUERY_TOKENS}, four bits
     * each; the sign bit stays clear.
     */
    private static long rankKey(int named, int matched, float score, int doc) {
        long points = Math.min(Math.round(score * 16), 0x7FFF_FFFFL);
        return ((long) named << 59) | ((long) matched << 55) | (points << 24) | (0xFF_FFFFL - doc);
    }

    private static int docOf(long key) {
        return (int) (0xFF_FFFFL - (key & 0xFF_FFFFL));
    }

    private int lowerBound(String token) {
        int low = 0;
        int high = sortedTerms.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sortedTerms[mid].compareTo(token) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    // -- filters as arrays per entry, so that thousands of matches are filtered in microseconds ---

    /** A {@link SearchFilter} in the index's ids; {@code -1} means any. */
    private record Wanted(
            int channelBit, long countryBit, String country, int type, int category, int department, int state) {

        boolean matches(SearchIndex index, int doc) {
            return (index.channelsOfDoc[doc] & channelBit) != 0
                    && (countryBit != 0
                            ? (index.countriesOfDoc[doc] & countryBit) != 0
                            : index.docs[doc].offeredIn(country))
                    && (type < 0 || index.typeOfDoc[doc] == type)
                    && (category < 0 || index.categoryOfDoc[doc] == category)
                    && (department < 0 || index.departmentOfDoc[doc] == department)
                    && (state < 0 || index.stateOfDoc[doc] == state);
        }
    }

    /** @return the filter in ids, or null when no entry of the index can match it */
    private Wanted wanted(SearchFilter filter) {
        Integer country = countryIds.get(filter.country());
        if (country == null) {
            return null;
        }
        int category = idOrAny(categoryIds, filter.category());
        int department = idOrAny(departmentIds, filter.department());
        int state = idOrAny(stateIds, filter.state());
        if (category == NONE || department == NONE || state == NONE) {
            return null;
        }
        return new Wanted(
                1 << filter.channel().ordinal(),
                country < 64 ? 1L << country : 0,
                filter.country(),
                filter.type() == null ? -1 : filter.type().ordinal(),
                category,
                department,
                state);
    }

    private static final int NONE = -2;

    private static int idOrAny(Map<String, Integer> ids, String code) {
        if (code == null) {
            return -1;
        }
        Integer id = ids.get(code);
        return id == null ? NONE : id;
    }

    /** The work arrays of one query at a time, cleared after it and pooled for the next. */
    private static final class Scratch {
        final float[] total;
        final byte[] matched;
        final byte[] named;
        final float[] groupBest;
        final byte[] groupNamed;
        final int[] touched;
        final int[] groupTouched;
        final long[] ranked;

        Scratch(int docs) {
            total = new float[docs];
            matched = new byte[docs];
            named = new byte[docs];
            groupBest = new float[docs];
            groupNamed = new byte[docs];
            touched = new int[docs];
            groupTouched = new int[docs];
            ranked = new long[docs];
        }
    }

    static String deleteAt(String text, int index) {
        return new StringBuilder(text.length() - 1)
                .append(text, 0, index)
                .append(text, index + 1, text.length())
                .toString();
    }

    /** @return the Latin keys the index made, for the next index and for queries */
    Map<String, List<String>> keys() {
        return keys;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Collects the terms of every PUBLISHED entry, field by field. Each distinct text is split and
     * transliterated once into term ids (department, category and state names recur in every
     * entry of theirs); an entry's fields then only OR bits into an array indexed by term id.
     */
    private static final class Builder {

        private final CatalogueSnapshot snapshot;
        private final LatinKeys latin;
        private final Map<String, List<String>> known;
        private final Map<String, List<String>> keys = new HashMap<>();
        private final Map<String, Integer> termIds = new HashMap<>();
        private final List<String> termList = new ArrayList<>();
        private final List<IntBuffer> docsOfTerm = new ArrayList<>();
        private final List<ByteBuffer> fieldsOfTerm = new ArrayList<>();
        private final Map<String, int[]> termsOfText = new HashMap<>();
        private final Map<String, IntBuffer> wholeNames = new HashMap<>();
        private int[] fieldsOfDoc = new int[1024];
        private final IntBuffer termsOfDoc = new IntBuffer();

        Builder(CatalogueSnapshot snapshot, LatinKeys latin, Map<String, List<String>> known) {
            this.snapshot = snapshot;
            this.latin = latin;
            this.known = known;
        }

        SearchIndex build() {
            List<CatalogueEntry> published = new ArrayList<>();
            for (CatalogueEntry entry : snapshot.entries()) {
                if (entry.published()) {
                    published.add(entry);
                }
            }
            if (published.size() > 0xFF_FFFF) {
                throw new IllegalStateException("Too many entries to index: " + published.size());
            }
            for (int doc = 0; doc < published.size(); doc++) {
                collect(published.get(doc), doc);
                for (int i = 0; i < termsOfDoc.size; i++) {
                    int term = termsOfDoc.values[i];
                    docsOfTerm.get(term).add(doc);
                    fieldsOfTerm.get(term).add(fieldsOfDoc[term]);
                    fieldsOfDoc[term] = 0;
                }
                termsOfDoc.size = 0;
            }
            Map<String, Postings> terms = new HashMap<>(termList.size() * 2);
            Map<String, List<String>> deletionLists = new HashMap<>(termList.size() * 8);
            for (int id = 0; id < termList.size(); id++) {
                String term = termList.get(id);
                terms.put(
                        term,
                        new Postings(
                                docsOfTerm.get(id).toArray(),
                                fieldsOfTerm.get(id).toArray()));
                if (term.length() >= 4) {
                    for (int i = 0; i < term.length(); i++) {
                        deletionLists
                                .computeIfAbsent(deleteAt(term, i), d -> new ArrayList<>(1))
                                .add(term);
                    }
                }
            }
            Map<String, String[]> deletions = new HashMap<>(deletionLists.size() * 2);
            deletionLists.forEach((deleted, list) -> deletions.put(deleted, list.toArray(String[]::new)));
            Map<String, int[]> names = new HashMap<>(wholeNames.size() * 2);
            wholeNames.forEach((name, docs) -> names.put(name, docs.distinct()));
            String[] sortedTerms = sorted(terms);
            return new SearchIndex(
                    snapshot.version(),
                    published.toArray(CatalogueEntry[]::new),
                    terms,
                    sortedTerms,
                    deletions,
                    TwiceDeleted.of(sortedTerms),
                    names,
                    Map.copyOf(keys));
        }

        private void collect(CatalogueEntry entry, int doc) {
            for (String name : entry.name().texts().values()) {
                add(name, NAME);
                wholeName(name, doc);
            }
            addAll(entry.synonyms().values(), SYNONYM);
            for (String name : entry.department().name().texts().values()) {
                add(name, DEPARTMENT);
            }
            addAll(entry.department().synonyms().values(), INHERITED_SYNONYM);
            // a query that is one of them whole ("dak", India Post's) is the department's own word:
            // its services before names that merely begin with it ("Dakshin ...", "daksina")
            entry.department().synonyms().values().forEach(words -> words.forEach(word -> wholeName(word, doc)));
            if (entry.type() != CatalogueType.STATE) {
                add(entry.department().code(), DEPARTMENT);
            }
            snapshot.category(entry.categoryCode()).ifPresent((Category category) -> {
                category.name().texts().values().forEach(text -> add(text, CATEGORY));
                addAll(category.synonyms().values(), INHERITED_SYNONYM);
            });
            entry.department()
                    .state()
                    .flatMap(snapshot::state)
                    .ifPresent((State state) -> state.name().texts().values().forEach(text -> add(text, PLACE)));
            for (String description : entry.description().texts().values()) {
                add(description, DESCRIPTION);
            }
        }

        private void addAll(Collection<List<String>> lists, int field) {
            for (List<String> list : lists) {
                for (String text : list) {
                    add(text, field);
                }
            }
        }

        private void add(String text, int field) {
            int bit = 1 << field;
            for (int term : termsOf(text)) {
                if (fieldsOfDoc[term] == 0) {
                    termsOfDoc.add(term);
                }
                fieldsOfDoc[term] |= bit;
            }
        }

        /** The ids of the tokens of a text and of their Latin keys, made once per distinct text. */
        private int[] termsOf(String text) {
            int[] ids = termsOfText.get(text);
            if (ids == null) {
                IntBuffer all = new IntBuffer();
                for (String token : Tokens.of(text)) {
                    all.add(idOf(token));
                    for (String key : keysOf(token)) {
                        all.add(idOf(key));
                    }
                }
                ids = all.distinct();
                termsOfText.put(text, ids);
            }
            return ids;
        }

        private int idOf(String term) {
            Integer id = termIds.get(term);
            if (id == null) {
                id = termList.size();
                termIds.put(term, id);
                termList.add(term);
                docsOfTerm.add(new IntBuffer());
                fieldsOfTerm.add(new ByteBuffer());
                if (id >= fieldsOfDoc.length) {
                    fieldsOfDoc = Arrays.copyOf(fieldsOfDoc, fieldsOfDoc.length * 2);
                }
            }
            return id;
        }

        private void wholeName(String name, int doc) {
            List<String> tokens = Tokens.of(name);
            wholeNames
                    .computeIfAbsent(String.join(" ", tokens), n -> new IntBuffer())
                    .add(doc);
            if (!Tokens.isAscii(name)) {
                // the name as a romanised query would spell it, with and without final vowels
                List<String> full = new ArrayList<>(tokens.size());
                List<String> short_ = new ArrayList<>(tokens.size());
                for (String token : tokens) {
                    List<String> tokenKeys = keysOf(token);
                    full.add(tokenKeys.isEmpty() ? token : tokenKeys.get(0));
                    short_.add(tokenKeys.isEmpty() ? token : tokenKeys.get(tokenKeys.size() - 1));
                }
                wholeNames
                        .computeIfAbsent(String.join(" ", full), n -> new IntBuffer())
                        .add(doc);
                wholeNames
                        .computeIfAbsent(String.join(" ", short_), n -> new IntBuffer())
                        .add(doc);
            }
        }

        private List<String> keysOf(String token) {
            if (Tokens.isAscii(token)) {
                return List.of();
            }
            List<String> tokenKeys = keys.get(token);
            if (tokenKeys == null) {
                tokenKeys = known.get(token);
                if (tokenKeys == null) {
                    tokenKeys = latin.of(token);
                }
                keys.put(token, tokenKeys);
            }
            return tokenKeys;
        }
    }

    /** A growable int array. */
    private static final class IntBuffer {
        int[] values = new int[4];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }

        int[] distinct() {
            return Arrays.stream(values, 0, size).distinct().toArray();
        }
    }

    /** A growable byte array. */
    private static final class ByteBuffer {
        private byte[] values = new byte[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = (byte) value;
        }

        byte[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
