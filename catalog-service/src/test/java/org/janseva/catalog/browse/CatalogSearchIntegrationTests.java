package org.janseva.catalog.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.catalogue.CatalogueListener;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code q} over HTTP: the examples, ten more in six scripts, and filters on results. */
class CatalogSearchIntegrationTests extends CatalogTestSupport {

    @Autowired
    Catalogue catalogue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ConfigurableApplicationContext context;

    // -- the examples ---------------------------------------------------------------------

    @Test
    void shouldFindElectricityBillersByBijliInLatinLetters() {
        JsonNode page = ok("/api/v1/catalog/services?q=bijli&size=100");
        assertThat(total(page)).isEqualTo(90);
        page.path("items")
                .forEach(item -> assertThat(item.path("category").asString()).isEqualTo("electricity"));
    }

    @Test
    void shouldFindElectricityBillersByBijliInDevanagari() {
        JsonNode page = ok("/api/v1/catalog/services?size=100&q=" + encode("बिजली"));
        assertThat(codes(page)).hasSize(90).contains("BESCOM-BILL", "MSEDCL-BILL");
        page.path("items")
                .forEach(item -> assertThat(item.path("category").asString()).isEqualTo("electricity"));
    }

    @Test
    void shouldFindAadhaarServicesHoweverAadhaarIsWritten() {
        for (String query : List.of("aadhaar", "adhar", "आधार")) {
            assertThat(search(query).subList(0, 3)).as(query).allMatch(code -> code.startsWith("UIDAI-"));
        }
    }

    @Test
    void shouldFindPassportServicesDespiteTheTypoPasport() {
        assertThat(search("pasport").subList(0, 7)).allMatch(code -> code.startsWith("PASSPORT-"));
    }

    @Test
    void shouldFindTheEpfoPassbookDespiteTheTypoPassbok() {
        assertThat(search("passbok").get(0)).isEqualTo("EPFO-PASSBOOK");
    }

    @Test
    void shouldRankAServicesOwnSynonymAboveTheDepartmentsAndTheCategorys() {
        // "pf balance": the passbook's synonym and EPFO's; "passport": a synonym of the category
        assertThat(search("pf balance").get(0)).isEqualTo("EPFO-PASSBOOK");
        assertThat(search("passport status").get(0)).isEqualTo("PASSPORT-STATUS");
        assertThat(search("satbara").get(0)).isEqualTo("MH-LAND-RECORD");
        // the department's synonyms, read from its own column, still find all its services
        assertThat(search("uan")).contains("EPFO-RAISE-CLAIM", "EPFO-UAN-ACTIVATION");
    }

    @Test
    void shouldRankADepartmentsOwnWordAboveNamesThatMerelyBeginWithIt() {
        // "dak" and "डाक" are India Post's, "esi" ESIC's, "रेल" the railways': not the "Dakshin ..."
        // billers, ACT Fibernet ("esiti" in Devanagari) or Reliance ("रिलायंस")
        assertThat(search("dak").subList(0, 2)).allMatch(code -> code.startsWith("INDIAPOST-"));
        assertThat(search("डाक").subList(0, 2)).allMatch(code -> code.startsWith("INDIAPOST-"));
        assertThat(search("esi").subList(0, 4)).allMatch(code -> code.startsWith("ESIC-"));
        // (Metro rail, "मेट्रो रेल", has the word itself and may come among them)
        List<String> rail = search("रेल");
        assertThat(rail.get(0)).startsWith("RAILWAYS-");
        int lastRailways = rail.stream()
                .filter(code -> code.startsWith("RAILWAYS-"))
                .mapToInt(rail::indexOf)
                .max()
                .orElseThrow();
        assertThat(rail.subList(0, lastRailways + 1))
                .noneMatch(code -> code.startsWith("RELIANCE-") || code.startsWith("RAILWIRE-"));
    }

    @Test
    void shouldFindLongWordsWithTwoLettersLeftOut() {
        assertThat(search("electrcty")).hasSize(20).allMatch(code -> code.endsWith("-BILL"));
        assertThat(search("certficte")).hasSize(20).allMatch(code -> code.endsWith("-CERTIFICATE"));
    }

    // -- ten more, in Latin, Devanagari, Tamil, Telugu, Bengali, Kannada, Gurmukhi, Urdu ------------

    @Test
    void shouldFindRationCardsInTamil() {
        assertThat(search("குடும்ப அட்டை")).hasSize(20).allMatch(code -> code.endsWith("-RATION-CARD"));
    }

    @Test
    void shouldFindThePnrStatusInTelugu() {
        assertThat(search("పీఎన్ఆర్ స్థితి").get(0)).isEqualTo("RAILWAYS-PNR");
    }

    @Test
    void shouldFindTheElectoralRollInBengali() {
        assertThat(search("ভোটার তালিকা").get(0)).isEqualTo("ECI-ELECTORAL-SEARCH");
    }

    @Test
    void shouldFindTheAyushmanCardInKannada() {
        assertThat(search("ಆಯುಷ್ಮಾನ್ ಕಾರ್ಡ್").get(0)).isEqualTo("NHA-AYUSHMAN-CARD");
    }

    @Test
    void shouldFindTheWeatherForecastInGurmukhi() {
        assertThat(search("ਮੌਸਮ").get(0)).isEqualTo("IMD-FORECAST");
    }

    @Test
    void shouldFindAadhaarInUrdu() {
        assertThat(search("آدھار").subList(0, 3)).allMatch(code -> code.startsWith("UIDAI-"));
    }

    @Test
    void shouldFindTheEpfPassbookInHindi() {
        assertThat(search("ईपीएफ पासबुक").get(0)).isEqualTo("EPFO-PASSBOOK");
    }

    @Test
    void shouldFindLandRecordsByTheirRomanisedName() {
        assertThat(search("bhulekh")).hasSize(20).allMatch(code -> code.endsWith("-LAND-RECORD"));
    }

    @Test
    void shouldFindMandiPricesInRomanisedHindi() {
        assertThat(search("mandi bhav").get(0)).isEqualTo("MOAFW-MANDI-PRICES");
    }

    @Test
    void shouldFindThePnrStatusDespiteATypoInTheSecondWord() {
        assertThat(search("pnr staus").get(0)).isEqualTo("RAILWAYS-PNR");
    }

    // -- ranking: names before descriptions ----------------------------------------------------------

    @Test
    void shouldListTheServicesNamedPanFirstForPanCard() {
        List<String> found = codes(ok("/api/v1/catalog/services?q=pan%20card&size=12"));
        // DigiLocker says PAN card in its description only; ESIC's benefit entitlement says neither
        // (its Malayalam and Tamil descriptions say cash, "pana")
        assertThat(found.subList(0, 3))
                .containsExactlyInAnyOrder(
                        "INCOMETAX-PAN-STATUS", "INCOMETAX-VERIFY-PAN", "INCOMETAX-PAN-AADHAAR-LINK");
    }

    // -- filters, channel and country apply to search results ---------------------------------------

    @Test
    void shouldApplyFiltersChannelAndCountryToSearchResults() {
        assertThat(codes(ok("/api/v1/catalog/services?q=bijli&state=KA&size=100")))
                .containsExactlyInAnyOrder(
                        "BESCOM-BILL", "MESCOM-BILL", "HESCOM-BILL", "GESCOM-BILL", "CESC-MYSORE-BILL", "HRECS-BILL");
        assertThat(codes(ok("/api/v1/catalog/services?q=ration+card&type=STATE&state=MH")))
                .contains("MH-RATION-CARD")
                .allMatch(code -> code.startsWith("MH-"));
        JsonNode kaios = ok("/api/v1/catalog/services?q=aadhaar&size=100", "X-Channel", "kaios");
        assertThat(codes(kaios))
                .containsExactlyInAnyOrder("UIDAI-VERIFY", "UIDAI-UPDATE-STATUS", "UIDAI-ENROLMENT-CENTRES");
        JsonNode passport = ok("/api/v1/catalog/services?q=passport", "X-Country", "AE");
        assertThat(codes(passport).subList(0, 7)).allMatch(code -> code.startsWith("PASSPORT-"));
        passport.path("items")
                .forEach(item -> assertThat(item.path("countries").toString()).contains("\"AE\""));
        assertThat(codes(ok("/api/v1/catalog/services?q=bijli", "X-Country", "NZ")))
                .isEmpty();
    }

    @Test
    void shouldPageSearchResults() {
        JsonNode first = ok("/api/v1/catalog/services?q=bijli&size=50");
        JsonNode second = ok("/api/v1/catalog/services?q=bijli&size=50&page=1");
        assertThat(total(first)).isEqualTo(90);
        assertThat(first.path("page").path("totalPages").asInt()).isEqualTo(2);
        assertThat(codes(second)).hasSize(40).doesNotContainAnyElementsOf(codes(first));
    }

    // -- the index follows the catalogue ----------------------------------------------------------

    @Test
    void shouldFindAServiceOnceItIsPublishedAndNoLongerOnceItIsSuspended() {
        String query = "/api/v1/catalog/services?q=" + encode("zyxel bhashini");
        assertThat(codes(ok(query))).isEmpty();
        try {
            jdbc.sql("""
                            insert into catalogue_entry (code, department_code, category_code, type, status, channels,
                                                         countries, names, descriptions)
                            values ('ZZSEARCH-NEW', 'MEA', 'passport-travel', 'CENTRAL', 'PUBLISHED',
                                    array['android', 'ios', 'web'], array['IN'],
                                    '{"en": "Zyxel Bhashini translation desk", "hi": "ज़ाइक्सेल भाषिणी अनुवाद डेस्क"}',
                                    '{"en": "A service that exists only in this test."}')""").update();
            catalogue.refresh();
            assertThat(codes(ok(query))).containsExactly("ZZSEARCH-NEW");
            assertThat(search("भाषिणी")).contains("ZZSEARCH-NEW");

            jdbc.sql("update catalogue_entry set status = 'SUSPENDED' where code = 'ZZSEARCH-NEW'")
                    .update();
            catalogue.refresh();
            assertThat(codes(ok(query))).isEmpty();
        } finally {
            jdbc.sql("delete from catalogue_entry where code = 'ZZSEARCH-NEW'").update();
            catalogue.refresh();
        }
        assertThat(total(ok("/api/v1/catalog/services"))).isEqualTo(2039);
    }

    @Test
    void shouldAnswerASearchAndTagItFromOneCatalogueVersionWhileTheNextIsBeingIndexed() throws Exception {
        String query = "/api/v1/catalog/services?q=" + encode("xylokwazi");
        HeldRefresh held = new HeldRefresh();
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        try {
            jdbc.sql("""
                            insert into catalogue_entry (code, department_code, category_code, type, status, channels,
                                                         countries, names, descriptions)
                            values ('ZZSEARCH-RACE', 'MEA', 'passport-travel', 'CENTRAL', 'PUBLISHED',
                                    array['android', 'ios', 'web'], array['IN'],
                                    '{"en": "Xylokwazi help desk"}',
                                    '{"en": "A service that exists only in this test."}')""").update();
            catalogue.refresh();
            HttpResponse<String> before = http.get(query);
            assertThat(codes(TestHttp.json(before))).containsExactly("ZZSEARCH-RACE");
            String beforeTag = before.headers().firstValue("ETag").orElseThrow();

            // the suspension is read, and the refresh held where the search index would be rebuilt
            beans.registerSingleton(HeldRefresh.NAME, held);
            jdbc.sql("update catalogue_entry set status = 'SUSPENDED' where code = 'ZZSEARCH-RACE'")
                    .update();
            CompletableFuture<Boolean> refresh = CompletableFuture.supplyAsync(catalogue::refresh);
            assertThat(held.entered.await(30, TimeUnit.SECONDS)).isTrue();

            // meanwhile: the old version's answer under the old version's tag, never under the new one
            HttpResponse<String> during = http.get(query);
            assertThat(codes(TestHttp.json(during))).containsExactly("ZZSEARCH-RACE");
            assertThat(during.headers().firstValue("ETag")).contains(beforeTag);

            held.open();
            assertThat(refresh.get(30, TimeUnit.SECONDS)).isTrue();
            // the copy a client kept from that window is not current once the change is indexed
            String kept = during.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> revalidated = http.get(query, "If-None-Match", kept);
            assertThat(revalidated.statusCode()).isEqualTo(200);
            assertThat(codes(TestHttp.json(revalidated))).isEmpty();
            assertThat(revalidated.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(kept));
        } finally {
            held.open();
            if (beans.containsSingleton(HeldRefresh.NAME)) {
                beans.destroySingleton(HeldRefresh.NAME);
            }
            jdbc.sql("delete from catalogue_entry where code = 'ZZSEARCH-RACE'").update();
            catalogue.refresh();
        }
        assertThat(total(ok("/api/v1/catalog/services"))).isEqualTo(2039);
    }

    /**
     * Told of a new catalogue before any other listener, so before the search index is rebuilt;
     * holds the refresh there until opened, to widen the window a rebuild takes into one a test can
     * use.
     */
    static final class HeldRefresh implements CatalogueListener, Ordered {

        static final String NAME = "heldCatalogueRefresh";

        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        @Override
        public void catalogueChanged(CatalogueSnapshot snapshot) {
            entered.countDown();
            try {
                opened.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        void open() {
            opened.countDown();
        }
    }
}
