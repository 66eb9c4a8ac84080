package org.janseva.catalog.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.shipped.ShippedCatalogue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Catalogue search over the shipped catalogue (2,039 entries, 13 languages), as
 * {@code GET /api/v1/catalog/services?q=} runs it: 100 realistic queries in Latin letters
 * (English, romanised Hindi, typos), Devanagari and nine other scripts, on the web in India, on
 * KaiOS and from abroad, first page of 20. Also the index rebuild after a catalogue change and a
 * cold build at start-up.
 *
 * <pre>
 * ./mvnw -B -P bench -pl bench/catalog-search -am package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true
 * java -jar bench/catalog-search/target/benchmarks.jar
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SearchBenchmark {

    /** 50 in Latin letters, 30 in Devanagari (Hindi and Marathi), 20 in nine other scripts. */
    static final List<String> QUERIES = List.of(
            // English, romanised Indian languages, typos
            "passport",
            "pasport",
            "passbok",
            "epf passbook",
            "pf balance",
            "uan activation",
            "aadhaar",
            "adhar",
            "aadhar card",
            "pan card",
            "pan aadhaar link",
            "income tax refund",
            "itr status",
            "bijli",
            "bijli bill",
            "electricity bill",
            "bescom",
            "msedcl",
            "water bill",
            "delhi jal board",
            "gas bill",
            "indraprastha gas",
            "lpg booking",
            "fastag recharge",
            "property tax",
            "ration card",
            "bhulekh",
            "land record",
            "driving licence",
            "vehicle registration",
            "e challan",
            "fir status",
            "pm kisan",
            "mandi bhav",
            "weather forecast",
            "ayushman card",
            "scholarship",
            "cbse result",
            "pnr status",
            "train running status",
            "speed post tracking",
            "voter id",
            "nps statement",
            "jeevan pramaan",
            "digilocker",
            "oci card",
            "birth certificate",
            "mgnrega job card",
            "eshram",
            "pension staus",
            // Devanagari: Hindi and Marathi
            "पासपोर्ट",
            "आधार",
            "आधार कार्ड",
            "बिजली",
            "बिजली बिल",
            "पानी का बिल",
            "राशन कार्ड",
            "भूलेख",
            "पीएफ",
            "ईपीएफ पासबुक",
            "पेंशन",
            "किसान",
            "पीएम किसान",
            "मौसम",
            "आयुष्मान कार्ड",
            "ड्राइविंग लाइसेंस",
            "वाहन पंजीकरण",
            "एफआईआर",
            "शिकायत",
            "मतदाता सूची",
            "पीएनआर",
            "गैस सिलेंडर",
            "आयकर",
            "छात्रवृत्ति",
            "जन्म प्रमाण पत्र",
            "संपत्ति कर",
            "मंडी भाव",
            "वीज बिल",
            "शिधापत्रिका",
            "सातबारा",
            // Tamil, Telugu, Bengali, Kannada, Malayalam, Gujarati, Gurmukhi, Urdu, Odia, Assamese
            "குடும்ப அட்டை",
            "ஆதார்",
            "மின்சாரம்",
            "வானிலை",
            "పీఎన్ఆర్",
            "ఆధార్",
            "రేషన్ కార్డు",
            "ভোটার তালিকা",
            "বিদ্যুৎ বিল",
            "ಆಯುಷ್ಮಾನ್ ಕಾರ್ಡ್",
            "ಪಡಿತರ ಚೀಟಿ",
            "ആധാർ",
            "റേഷൻ കാർഡ്",
            "વીજળી",
            "ਮੌਸਮ",
            "ਪੀਐਫ",
            "آدھار",
            "راشن کارڈ",
            "ପିଏନଆର",
            "ৰেচন কাৰ্ড");

    CatalogueSnapshot snapshot;
    SearchIndex index;
    LatinKeys latin;
    Map<String, List<String>> keys;
    String[] queries;
    String[] lowerCaseQueries;
    SearchFilter[] filters;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        if (QUERIES.size() != 100) {
            throw new IllegalStateException("The mix has " + QUERIES.size() + " queries, not 100");
        }
        snapshot = ShippedCatalogue.load().toSnapshot(1, Instant.EPOCH);
        latin = new LatinKeys();
        index = SearchIndex.build(snapshot, latin, Map.of());
        keys = index.keys();
        queries = QUERIES.toArray(String[]::new);
        lowerCaseQueries =
                QUERIES.stream().map(q -> q.toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
        List<SearchFilter> readers = new ArrayList<>();
        for (int i = 0; i < queries.length; i++) {
            // most citizens on the web or a phone in India; some on KaiOS, some abroad
            readers.add(
                    i % 10 == 3
                            ? SearchFilter.of(Channel.KAIOS, "IN")
                            : i % 10 == 7
                                    ? SearchFilter.of(Channel.ANDROID, "GB")
                                    : SearchFilter.of(Channel.WEB, "IN"));
        }
        filters = readers.toArray(SearchFilter[]::new);
        int empty = 0;
        for (int i = 0; i < queries.length; i++) {
            if (index.search(queries[i], SearchFilter.of(Channel.WEB, "IN"), 0, 20)
                            .total()
                    == 0) {
                empty++;
                System.err.println("no match: " + queries[i]);
            }
        }
        System.err.printf(
                "index: %d entries, %d terms; %d of 100 queries match nothing%n", index.size(), index.terms(), empty);
    }

    /** The mean time of one query, over the whole mix of 100. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(100)
    public void searchMix(Blackhole blackhole) {
        for (int i = 0; i < queries.length; i++) {
            blackhole.consume(index.search(queries[i], filters[i], 0, 20));
        }
    }

    /**
     * Baseline in the same run: the mix answered without an index, by scanning every entry's
     * names in every language for the query (no transliteration, no typos, no ranking).
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(100)
    public void scanMixBaseline(Blackhole blackhole) {
        for (int i = 0; i < queries.length; i++) {
            String query = lowerCaseQueries[i];
            int found = 0;
            for (org.janseva.catalog.catalogue.CatalogueEntry entry : snapshot.entries()) {
                if (filters[i].matches(entry)) {
                    for (String name : entry.name().texts().values()) {
                        if (name.toLowerCase(java.util.Locale.ROOT).contains(query)) {
                            found++;
                            break;
                        }
                    }
                }
            }
            blackhole.consume(found);
        }
    }

    /** One query per call, cycling through the mix: the distribution, for the p99. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SearchHits searchOne() {
        int i = next;
        next = i == queries.length - 1 ? 0 : i + 1;
        return index.search(queries[i], filters[i], 0, 20);
    }

    /** What every instance does when the catalogue changed: the whole index again, keys carried over. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    public SearchIndex rebuildAfterChange() {
        return SearchIndex.build(snapshot, latin, keys);
    }

    /** Start-up: every distinct token transliterated with ICU4J, transliterators created. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    public SearchIndex buildCold() {
        return SearchIndex.build(snapshot, new LatinKeys(), Map.of());
    }
}
