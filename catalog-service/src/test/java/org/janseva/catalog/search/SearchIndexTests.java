package org.janseva.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.shipped.ShippedCatalogue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The search over the shipped catalogue, without a database: ranking and matching in every script. */
class SearchIndexTests {

    static SearchIndex index;

    @BeforeAll
    static void buildIndex() {
        CatalogueSnapshot snapshot = ShippedCatalogue.load().toSnapshot(1, Instant.EPOCH);
        long started = System.nanoTime();
        index = SearchIndex.build(snapshot);
        System.out.printf(
                "index: %d entries, %d terms, %d ms%n",
                index.size(), index.terms(), (System.nanoTime() - started) / 1_000_000);
        for (int i = 0; i < 3; i++) {
            started = System.nanoTime();
            SearchIndex.build(snapshot, new LatinKeys(), java.util.Map.of());
            long fresh = System.nanoTime() - started;
            started = System.nanoTime();
            SearchIndex.build(snapshot, new LatinKeys(), index.keys());
            System.out.printf(
                    "rebuild: fresh keys %d ms, known keys %d ms%n",
                    fresh / 1_000_000, (System.nanoTime() - started) / 1_000_000);
        }
    }

    static List<String> codes(String query) {
        return codes(query, 10);
    }

    static List<String> codes(String query, int limit) {
        SearchHits hits = index.search(query, SearchFilter.of(Channel.WEB, "IN"), 0, limit);
        List<String> codes = hits.entries().stream().map(CatalogueEntry::code).toList();
        System.out.printf("%-24s %5d %s%n", query, hits.total(), codes);
        return codes;
    }

    @Test
    void shouldFindEpfoPassbookDespiteATypo() {
        assertThat(codes("passbok").get(0)).isEqualTo("EPFO-PASSBOOK");
    }

    @Test
    void shouldFindPassportServicesDespiteATypo() {
        assertThat(codes("pasport", 5)).allMatch(code -> code.startsWith("PASSPORT-"));
    }

    @Test
    void shouldFindElectricityBillersByRomanisedAndDevanagariBijli() {
        assertThat(codes("bijli", 20)).allMatch(code -> code.endsWith("-BILL"));
        assertThat(codes("बिजली", 20)).allMatch(code -> code.endsWith("-BILL"));
        assertThat(codes("bijli bill bescom").get(0)).isEqualTo("BESCOM-BILL");
    }

    @Test
    void shouldPutTheEntriesThatHaveACompleteWordBeforeThoseOfLongerWordsItBegins() {
        // "pani" and पानी are water's, and begin Panipat (and Odia's ପାଣିପାଗ, weather); the Urdu
        // names of Bihar and Goa make the vowel-less keys bhar and gwa, which begin Bharat and Gwalior.
        // (Urdu's پانی makes the key pany, which Bengali's পণ্য, goods, in GSTN's name makes too: an
        // exact match of another word, not ranked apart here)
        for (String water : List.of("पानी", "pani", "পানী", "પાણી", "पाणी", "ପାଣି", "ਪਾਣੀ")) {
            assertThat(entries(water, 5)).as(water).allMatch(entry -> "water".equals(entry.categoryCode()));
        }
        assertThat(entries("بہار", 5))
                .allMatch(entry -> "BR".equals(entry.department().stateCode()));
        assertThat(entries("گوا", 5))
                .allMatch(entry -> "GA".equals(entry.department().stateCode()));
        // the longer words still come, after them; and a word cut short finds them first
        assertThat(codes("पानी", 2000)).anyMatch(code -> code.contains("PANIPAT"));
        assertThat(codes("panip", 5))
                .filteredOn(code -> code.contains("PANIPAT"))
                .hasSizeGreaterThanOrEqualTo(3);
    }

    static List<CatalogueEntry> entries(String query, int limit) {
        List<CatalogueEntry> entries = index.search(query, SearchFilter.of(Channel.WEB, "IN"), 0, limit)
                .entries();
        System.out.printf(
                "%-24s %s%n", query, entries.stream().map(CatalogueEntry::code).toList());
        return entries;
    }

    @Test
    void shouldFindAadhaarServicesHoweverAadhaarIsSpelt() {
        for (String query : List.of("aadhaar", "adhar", "आधार", "ಆಧಾರ್", "ആധാർ", "آدھار", "aadhaar card")) {
            assertThat(codes(query, 3)).as(query).allMatch(code -> code.startsWith("UIDAI-"));
        }
        // Aadhar Housing Finance is a biller of that name; the UIDAI services follow it
        assertThat(codes("aadhar", 3))
                .filteredOn(code -> code.startsWith("UIDAI-"))
                .hasSize(2);
        // "aadhar" is a term (that biller's name, UIDAI's synonyms) and the way many spell Aadhaar:
        // the other departments' Aadhaar services are found with it as with the right spelling
        List<String> aadhaar = codes("aadhaar", 100);
        List<String> aadhar = codes("aadhar", 100);
        assertThat(aadhar)
                .contains("AADHAR-HOUSING-BILL")
                .containsAll(aadhaar)
                .contains("INCOMETAX-PAN-AADHAAR-LINK", "DBT-AADHAAR-SEEDING", "INDIAPOST-AADHAAR-AT-POST-OFFICE");
        // and the exact matches still come first
        assertThat(aadhar.indexOf("INCOMETAX-PAN-AADHAAR-LINK")).isGreaterThan(aadhar.indexOf("AADHAR-HOUSING-BILL"));
    }

    @Test
    void shouldNotTakeARareWordForATypoOfAnotherAsRare() {
        // BESCOM, GESCOM, HESCOM, MESCOM are one edit apart, one biller each: each is meant as typed
        assertThat(codes("bescom", 100)).containsExactly("BESCOM-BILL");
    }

    @Test
    void shouldFindServicesInEveryScript() {
        assertThat(codes("ration card", 10)).allMatch(code -> code.contains("RATION"));
        assertThat(codes("राशन कार्ड", 10)).allMatch(code -> code.contains("RATION"));
        assertThat(codes("குடும்ப அட்டை", 27)).allMatch(code -> code.endsWith("-RATION-CARD"));
        assertThat(codes("పీఎన్ఆర్").get(0)).isEqualTo("RAILWAYS-PNR");
        assertThat(codes("ਮੌਸਮ").get(0)).isEqualTo("IMD-FORECAST");
        assertThat(codes("ভোটার তালিকা").get(0)).isEqualTo("ECI-ELECTORAL-SEARCH");
        assertThat(codes("ಆಯುಷ್ಮಾನ್ ಕಾರ್ಡ್").get(0)).isEqualTo("NHA-AYUSHMAN-CARD");
        assertThat(codes("ईपीएफ पासबुक").get(0)).isEqualTo("EPFO-PASSBOOK");
        assertThat(codes("વીજળી", 20)).allMatch(code -> code.endsWith("-BILL"));
        assertThat(codes("ପିଏନଆର").get(0)).isEqualTo("RAILWAYS-PNR");
    }

    @Test
    void shouldFindRomanisedAndMisspeltQueries() {
        assertThat(codes("mandi bhav").get(0)).isEqualTo("MOAFW-MANDI-PRICES");
        assertThat(codes("pm kisan").get(0)).startsWith("PMKISAN-");
        assertThat(codes("bhulekh", 27)).allMatch(code -> code.endsWith("-LAND-RECORD"));
        assertThat(codes("ayushman card").get(0)).isEqualTo("NHA-AYUSHMAN-CARD");
        assertThat(codes("pnr staus").get(0)).isEqualTo("RAILWAYS-PNR");
        assertThat(codes("pension").get(0)).isNotNull();
        assertThat(codes("driving licence karnataka").get(0)).isEqualTo("KA-DL-DETAILS");
    }

    @Test
    void shouldRankExactNameMatchesBeforeFuzzyOnesAndThoseBeforeDescriptions() {
        List<String> passbook = codes("passbook", 20);
        assertThat(passbook.get(0)).isEqualTo("EPFO-PASSBOOK");
        // the post office savings balance only mentions a passbook in its description, if at all
        assertThat(codes("weather forecast").get(0)).isEqualTo("IMD-FORECAST");
    }

    @Test
    void shouldRankAServicesOwnSynonymAboveTheSameWordsAsItsDepartmentsSynonym() {
        // "pf balance" is the passbook's synonym and EPFO's, which every EPFO service has
        assertThat(codes("pf balance").get(0)).isEqualTo("EPFO-PASSBOOK");
        // a department's synonyms still find its services
        assertThat(codes("uan", 30)).contains("EPFO-PASSBOOK", "EPFO-RAISE-CLAIM", "EPFO-UAN-ACTIVATION");
        assertThat(codes("passport status").get(0)).isEqualTo("PASSPORT-STATUS");
    }

    @Test
    void shouldRankServicesNamedAfterAWordAboveThoseWhoseCategoryHasItAsASynonym() {
        // "hospital" is a synonym of the health category: a name that begins with it comes first
        List<String> found = codes("hospital", 100);
        List<String> named = index.search("hospital", SearchFilter.of(Channel.WEB, "IN"), 0, 100).entries().stream()
                .filter(entry -> Tokens.of(entry.name().texts().get(org.janseva.catalog.catalogue.Language.EN)).stream()
                        .anyMatch(word -> word.startsWith("hospital")))
                .map(CatalogueEntry::code)
                .toList();
        assertThat(named).contains("DAHD-VETERINARY-HOSPITALS", "NHA-HOSPITALS", "ESIC-HOSPITALS");
        assertThat(found.subList(0, named.size())).containsExactlyInAnyOrderElementsOf(named);
        // a category's synonyms still find its services, after those
        assertThat(found).contains("ESIC-ENTITLEMENT");
    }

    @Test
    void shouldFindAStatesLandRecordFirstByItsOwnWordForIt() {
        assertThat(codes("satbara").get(0)).isEqualTo("MH-LAND-RECORD");
        assertThat(codes("7/12").get(0)).isEqualTo("MH-LAND-RECORD");
        assertThat(codes("सातबारा").get(0)).isEqualTo("MH-LAND-RECORD");
        assertThat(codes("jamabandi").subList(0, 5))
                .containsExactlyInAnyOrder(
                        "PB-LAND-RECORD", "HR-LAND-RECORD", "HP-LAND-RECORD", "RJ-LAND-RECORD", "JK-LAND-RECORD");
        assertThat(codes("pahani").subList(0, 2)).containsExactlyInAnyOrder("KA-LAND-RECORD", "TG-LAND-RECORD");
        assertThat(codes("patta").get(0)).isEqualTo("TN-LAND-RECORD");
        // the category's synonyms still find the other land services, after it
        assertThat(codes("satbara", 100)).hasSizeGreaterThan(27).contains("GJ-LAND-RECORD");
    }

    @Test
    void shouldFindLongWordsTwoEditsAway() {
        // two letters left out: "one edit from 4 letters, two from 8"
        assertThat(codes("electrcty", 20)).hasSize(20).allMatch(code -> code.endsWith("-BILL"));
        assertThat(codes("electrcty", 1)).isEqualTo(codes("electricity", 1));
        assertThat(codes("certficte", 20)).hasSize(20).allMatch(code -> code.endsWith("-CERTIFICATE"));
        // one letter replaced and one left out
        assertThat(codes("skolarship", 5)).hasSize(5);
        assertThat(index.search("skolarship", SearchFilter.of(Channel.WEB, "IN"), 0, 5)
                        .entries())
                .allMatch(entry -> entry.name()
                        .texts()
                        .get(org.janseva.catalog.catalogue.Language.EN)
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("scholarship"));
    }

    @Test
    void shouldRankEveryServiceNamedPanBeforeThoseThatOnlyDescribeOrTransliterateIt() {
        List<String> named = ShippedCatalogue.load().toSnapshot(1, Instant.EPOCH).entries().stream()
                .filter(entry -> Tokens.of(entry.name().texts().get(org.janseva.catalog.catalogue.Language.EN))
                        .contains("pan"))
                .map(CatalogueEntry::code)
                .toList();
        assertThat(named).contains("INCOMETAX-PAN-STATUS", "INCOMETAX-VERIFY-PAN");

        for (String query : List.of("pan card", "पैन कार्ड")) {
            List<String> found = codes(query, 2039);
            // before DigiLocker, which says PAN card in its description only, and ESIC's benefit
            // entitlement, whose Malayalam and Tamil descriptions say cash (പണ, பண: "pana")
            assertThat(found.subList(0, named.size())).as(query).containsExactlyInAnyOrderElementsOf(named);
            assertThat(found).as(query).contains("DIGILOCKER-FETCH-DOCUMENT");
        }
    }

    @Test
    void shouldFindCashInTheEnglishDescriptionAndNotPanInTheMalayalamOne() {
        // followed by a word (one that matches nothing), "pan" is matched whole, not as the
        // beginning of a longer word: no ESIC service says it
        SearchFilter esic = new SearchFilter(Channel.WEB, "IN", null, null, "ESIC", null);
        assertThat(index.search("pan zzzz", esic, 0, 10).entries()).isEmpty();
        assertThat(index.search("pan zzzz", SearchFilter.of(Channel.WEB, "IN"), 0, 20)
                        .entries())
                .extracting(CatalogueEntry::code)
                .contains("INCOMETAX-VERIFY-PAN");
        assertThat(codes("cash")).contains("ESIC-ENTITLEMENT");
    }

    @Test
    void shouldKeepTheTermsWhenNothingSearchableChangedAndRebuildOtherwise() {
        ShippedCatalogue shipped = ShippedCatalogue.load();
        CatalogueSnapshot first = shipped.toSnapshot(1, Instant.EPOCH);
        CatalogueSnapshot same = shipped.toSnapshot(2, Instant.EPOCH.plusSeconds(1));
        SearchIndex built = SearchIndex.build(first);

        SearchIndex reused = built.reusedFor(same, first).orElseThrow();
        assertThat(reused.version()).isEqualTo(2);
        CatalogueEntry hit = reused.search("passbook", SearchFilter.of(Channel.WEB, "IN"), 0, 1)
                .entries()
                .get(0);
        assertThat(hit).isSameAs(same.entry("EPFO-PASSBOOK").orElseThrow());

        List<CatalogueEntry> renamed = same.entries().stream()
                .map(entry -> !entry.code().equals("IMD-FORECAST")
                        ? entry
                        : new CatalogueEntry(
                                entry.code(),
                                entry.department(),
                                entry.categoryCode(),
                                entry.type(),
                                entry.status(),
                                entry.channels(),
                                entry.countries(),
                                new org.janseva.catalog.catalogue.LocalizedText(
                                        java.util.Map.of(org.janseva.catalog.catalogue.Language.EN, "Monsoon outlook")),
                                entry.description(),
                                entry.synonyms(),
                                entry.position(),
                                entry.operations(),
                                entry.updatedAt()))
                .toList();
        CatalogueSnapshot changed =
                new CatalogueSnapshot(3, same.categories(), same.states(), same.departments(), renamed);
        assertThat(built.reusedFor(changed, first)).isEmpty();
        // so do a department's synonyms: they find its services
        List<CatalogueEntry> resynonymed = same.entries().stream()
                .map(entry -> !entry.department().code().equals("IMD")
                        ? entry
                        : new CatalogueEntry(
                                entry.code(),
                                new org.janseva.catalog.catalogue.Department(
                                        entry.department().code(),
                                        entry.department().type(),
                                        entry.department().stateCode(),
                                        entry.department().name(),
                                        java.util.Map.of(org.janseva.catalog.catalogue.Language.EN, List.of("monsoon")),
                                        entry.department().adapterType(),
                                        entry.department().adapterSettings(),
                                        entry.department().updatedAt()),
                                entry.categoryCode(),
                                entry.type(),
                                entry.status(),
                                entry.channels(),
                                entry.countries(),
                                entry.name(),
                                entry.description(),
                                entry.synonyms(),
                                entry.position(),
                                entry.operations(),
                                entry.updatedAt()))
                .toList();
        assertThat(built.reusedFor(
                        new CatalogueSnapshot(4, same.categories(), same.states(), same.departments(), resynonymed),
                        first))
                .isEmpty();
        assertThat(SearchIndex.build(changed)
                        .search("monsoon", SearchFilter.of(Channel.WEB, "IN"), 0, 1)
                        .entries())
                .extracting(CatalogueEntry::code)
                .containsExactly("IMD-FORECAST");
    }
}
