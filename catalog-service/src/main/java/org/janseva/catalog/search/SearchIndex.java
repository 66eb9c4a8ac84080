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
 * edit distance (typos: one edit from 4 letters, two from 8), found through an index of the
 * terms' one-letter deletions. Each token scores the best of its matches: the field's weight
 * (name 100, synonym 90, department 50, category 40, state 30, description 20; plus a tenth of
 * the other fields the term is in) times the kind of match (exact 1, prefix 0.75, fuzzy 0.55 or
 * 0.45). So exact and prefix matches of names come
 * first, then fuzzy ones, then descriptions. Entries matching more of the query's tokens rank
 * before the others; a query that is a whole name adds a bonus; ties keep catalogue order.
 */
public final class SearchIndex {

    static final int NAME = 0;
    static final int SYNONYM = 1;
    static final int DEPARTMENT = 2;
    static final int CATEGORY = 3;
    static final int PLACE = 4;
    static final int DESCRIPTION = 5;
    static final float[] WEIGHTS = {100, 90, 50, 40, 30, 20};
    static final float EXACT = 1f;
    static final float PREFIX = 0.75f;
    static final float FUZZY_1 = 0.55f;
    static final float FUZZY_2 = 0.45f;
    static final float WHOLE_NAME_BONUS = 60;
    static final int MAX_QUERY_TOKENS = 8;
    static final int MAX_PREFIX_EXPANSIONS = 128;

    private final long version;
    private final CatalogueEntry[] docs;
    private final Map<String, Postings> terms;
    private final String[] sortedTerms;
    private final Map<String, String[]> deletions;
    private final Map<String, int[]> wholeNames;
    private final Map<String, List<String>> keys;

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
            Map<String, int[]> wholeNames,
            Map<String, List<String>> keys) {
        this.version = version;
        this.docs = docs;
        this.terms = terms;
        this.sortedTerms = sortedTerms;
        this.deletions = deletions;
        this.wholeNames = wholeNames;
        this.keys = keys;
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
        return java.util.Optional.of(
                new SearchIndex(snapshot.version(), entries, terms, sortedTerms, deletions, wholeNames, keys));
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
        if (tokens.isEmpty() || docs.length == 0) {
            return new SearchHits(List.of(), 0);
        }
        int n = docs.length;
        float[] total = new float[n];
        byte[] matched = new byte[n];
        float[] groupBest = new float[n];
        int[] touched = new int[n];
        int touchedCount = 0;
        int[] groupTouched = new int[n];
        for (String token : tokens) {
            int groupCount = 0;
            Set<String> seen = new HashSet<>();
            List<String> alternatives = new ArrayList<>(3);
            alternatives.add(token);
            if (!Tokens.isAscii(token)) {
                List<String> known = keys.get(token);
                alternatives.addAll(known != null ? known : keysOfNewToken.apply(token));
            }
            for (String alternative : alternatives) {
                groupCount = matchToken(alternative, seen, groupBest, groupTouched, groupCount);
            }
            for (int i = 0; i < groupCount; i++) {
                int doc = groupTouched[i];
                if (matched[doc] == 0) {
                    touched[touchedCount++] = doc;
                }
                matched[doc]++;
                total[doc] += groupBest[doc];
                groupBest[doc] = 0;
            }
        }
        addWholeNameBonus(tokens, total, matched);
        return rank(filter, offset, limit, total, matched, touched, touchedCount);
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

    private int matchToken(String token, Set<String> seen, float[] best, int[] touched, int count) {
        Postings exact = terms.get(token);
        if (exact != null && seen.add(token)) {
            count = apply(exact, EXACT, best, touched, count);
        }
        int length = token.length();
        boolean ascii = Tokens.isAscii(token);
        if (length >= (ascii ? 3 : 2)) {
            int from = lowerBound(token);
            for (int i = from, expanded = 0;
                    i < sortedTerms.length && expanded < MAX_PREFIX_EXPANSIONS && sortedTerms[i].startsWith(token);
                    i++) {
                String term = sortedTerms[i];
                if (seen.add(term)) {
                    count = apply(terms.get(term), PREFIX, best, touched, count);
                    expanded++;
                }
            }
        }
        if (length >= 4) {
            count = matchFuzzy(token, seen, best, touched, count);
        }
        return count;
    }

    private int matchFuzzy(String token, Set<String> seen, float[] best, int[] touched, int count) {
        int maxDistance = token.length() >= 8 ? 2 : 1;
        Set<String> candidates = new HashSet<>();
        addAll(candidates, deletions.get(token));
        for (int i = 0; i < token.length(); i++) {
            String deleted = deleteAt(token, i);
            if (terms.containsKey(deleted)) {
                candidates.add(deleted);
            }
            addAll(candidates, deletions.get(deleted));
            if (maxDistance == 2) {
                for (int j = i; j < deleted.length(); j++) {
                    String twice = deleteAt(deleted, j);
                    if (terms.containsKey(twice)) {
                        candidates.add(twice);
                    }
                    addAll(candidates, deletions.get(twice));
                }
            }
        }
        for (String candidate : candidates) {
            if (seen.contains(candidate)) {
                continue;
            }
            int distance = Distance.osa(token, candidate, maxDistance);
            if (distance >= 1 && distance <= maxDistance) {
                seen.add(candidate);
                count = apply(terms.get(candidate), distance == 1 ? FUZZY_1 : FUZZY_2, best, touched, count);
            }
        }
        return count;
    }

    private static void addAll(Set<String> into, String[] terms) {
        if (terms != null) {
            into.addAll(Arrays.asList(terms));
        }
    }

    private static int apply(Postings postings, float kind, float[] best, int[] touched, int count) {
        int[] postingDocs = postings.docs();
        byte[] fields = postings.fields();
        for (int i = 0; i < postingDocs.length; i++) {
            int doc = postingDocs[i];
            float score = FIELD_SET_SCORES[fields[i]] * kind;
            if (score > best[doc]) {
                if (best[doc] == 0) {
                    touched[count++] = doc;
                }
                best[doc] = score;
            }
        }
        return count;
    }

    private void addWholeNameBonus(List<String> tokens, float[] total, byte[] matched) {
        int[] named = wholeNames.get(String.join(" ", tokens));
        if (named != null) {
            for (int doc : named) {
                if (matched[doc] > 0) {
                    total[doc] += WHOLE_NAME_BONUS;
                }
            }
        }
    }

    private SearchHits rank(
            SearchFilter filter,
            int offset,
            int limit,
            float[] total,
            byte[] matched,
            int[] touched,
            int touchedCount) {
        long[] ranked = new long[touchedCount];
        int count = 0;
        for (int i = 0; i < touchedCount; i++) {
            int doc = touched[i];
            if (filter.matches(docs[doc])) {
                ranked[count++] = rankKey(matched[doc], total[doc], doc);
            }
        }
        int wanted = (int) Math.min((long) offset + limit, count);
        if (offset >= count || limit <= 0) {
            return new SearchHits(List.of(), count);
        }
        long[] best = TopK.largest(ranked, count, wanted);
        List<CatalogueEntry> page = new ArrayList<>(wanted - offset);
        for (int i = offset; i < wanted; i++) {
            page.add(docs[docOf(best[i])]);
        }
        return new SearchHits(page, count);
    }

    /** Sorts by tokens matched, then score, then catalogue order (a lower doc id wins). */
    private static long rankKey(int matched, float score, int doc) {
        long points = Math.min(Math.round(score * 16), 0xFFFF_FFFFL);
        return ((long) matched << 56) | (points << 24) | (0xFF_FFFFL - doc);
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
            return new SearchIndex(
                    snapshot.version(),
                    published.toArray(CatalogueEntry[]::new),
                    terms,
                    sorted(terms),
                    deletions,
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
            if (entry.type() != CatalogueType.STATE) {
                add(entry.department().code(), DEPARTMENT);
            }
            snapshot.category(entry.categoryCode()).ifPresent((Category category) -> {
                category.name().texts().values().forEach(text -> add(text, CATEGORY));
                addAll(category.synonyms().values(), SYNONYM);
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
