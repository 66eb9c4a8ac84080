package org.janseva.catalog.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.janseva.catalog.catalogue.CatalogueType;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.catalogue.Language;
import org.janseva.catalog.catalogue.Visibility;
import org.janseva.catalog.shipped.ShippedCatalogue.DepartmentRow;
import org.janseva.catalog.shipped.ShippedCatalogue.EntryRow;
import org.janseva.catalog.shipped.ShippedCatalogue.OperationRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated catalogue, without a database: figures, languages, adapters, operations. */
class ShippedCatalogueTests {

    static ShippedCatalogue catalogue;

    @BeforeAll
    static void generate() {
        catalogue = ShippedCatalogue.load();
    }

    @Test
    void shouldHaveTheSeedsFigures() {
        assertThat(catalogue.figures())
                .isEqualTo(new ShippedCatalogue.Figures(2039, 373, 487, 1179, 88, 101, 27, 80, 70));
        assertThat(catalogue.states()).hasSize(27);
        assertThat(catalogue.categories())
                .extracting(ShippedCatalogue.CategoryRow::code)
                .contains("indian-culture");
    }

    @Test
    void shouldBeTheSameCatalogueEveryTime() {
        ShippedCatalogue again = ShippedCatalogue.load();
        assertThat(again.entries()).isEqualTo(catalogue.entries());
        assertThat(again.departments()).isEqualTo(catalogue.departments());
        assertThat(again.checksum()).isEqualTo(catalogue.checksum());
    }

    @Test
    void shouldNameEverythingInEnglishAndHindiAndTheSharedTextsInAllThirteenLanguages() {
        Set<Language> all = EnumSet.allOf(Language.class);
        for (EntryRow entry : catalogue.entries()) {
            assertThat(entry.names()).as(entry.code()).containsKeys(Language.EN, Language.HI);
            assertThat(entry.descriptions()).as(entry.code()).containsKeys(Language.EN, Language.HI);
            assertThat(entry.countries()).as(entry.code()).contains("IN");
            if (entry.channels().contains(Channel.KAIOS)) {
                assertThat(entry.names().keySet()).as(entry.code()).isEqualTo(all);
                assertThat(entry.descriptions().keySet()).as(entry.code()).isEqualTo(all);
            }
        }
        for (DepartmentRow department : catalogue.departments()) {
            assertThat(department.names()).as(department.code()).containsKeys(Language.EN, Language.HI);
            if (department.type() != CatalogueType.UTILITY) {
                assertThat(department.names().keySet()).as(department.code()).isEqualTo(all);
            }
        }
        catalogue
                .categories()
                .forEach(category -> assertThat(category.names().keySet()).isEqualTo(all));
        catalogue.states().forEach(state -> assertThat(state.names().keySet()).isEqualTo(all));
    }

    @Test
    void shouldOfferEveryServiceOnAndroidIosAndWebAndTheInternationalOnesInTheEightCountries() {
        for (EntryRow entry : catalogue.entries()) {
            assertThat(entry.channels()).contains(Channel.ANDROID, Channel.IOS, Channel.WEB);
            List<String> countries = entry.countries();
            assertThat(countries.equals(List.of("IN"))
                            || Set.copyOf(countries)
                                    .equals(Set.of("IN", "US", "GB", "CA", "AU", "AE", "NL", "SG", "NZ")))
                    .as(entry.code() + " " + countries)
                    .isTrue();
        }
    }

    @Test
    void shouldPointEveryDepartmentAtTheSimulatorThroughItsAdapter() {
        for (DepartmentRow department : catalogue.departments()) {
            if (department.type() == CatalogueType.UTILITY) {
                assertThat(department.adapterType()).isEqualTo("bbps-biller");
                assertThat(department.settings())
                        .containsEntry("baseUrl", "{{simulator}}/billers/" + department.code())
                        .containsEntry("billerId", department.code());
            } else {
                // EPFO speaks its own dialect, mapped by its coded adapter type
                assertThat(department.adapterType())
                        .as(department.code())
                        .isEqualTo(department.code().equals("EPFO") ? "epfo" : "rest-json");
                assertThat(department.settings())
                        .containsEntry("baseUrl", "{{simulator}}/departments/" + department.code());
            }
            assertThat(department.settings()).containsKeys("timeoutMs", "maxConcurrentCalls");
        }
        // as V3 wrote them, before V16 moved EPFO
        assertThat(ShippedCatalogue.loadAsShippedByV3().departments())
                .filteredOn(department -> department.type() != CatalogueType.UTILITY)
                .extracting(DepartmentRow::adapterType)
                .containsOnly("rest-json");
    }

    @Test
    void shouldGiveEveryBillerFetchBillForCitizensAndConfirmPaymentForServices() {
        for (EntryRow entry : catalogue.entries()) {
            if (entry.type() != CatalogueType.UTILITY) {
                assertThat(entry.operations()).as(entry.code()).isNotEmpty();
                assertThat(entry.operations()).allMatch(op -> op.visibility() == Visibility.CITIZEN);
                continue;
            }
            assertThat(entry.code()).isEqualTo(entry.departmentCode() + "-BILL");
            OperationRow fetch = entry.operations().get(0);
            OperationRow confirm = entry.operations().get(1);
            assertThat(fetch.code()).isEqualTo("fetch-bill");
            assertThat(fetch.visibility()).isEqualTo(Visibility.CITIZEN);
            assertThat(fetch.inputSchema().path("required").toString()).isEqualTo("[\"consumerNumber\"]");
            assertThat(confirm.code()).isEqualTo("confirm-payment");
            assertThat(confirm.visibility()).isEqualTo(Visibility.SERVICE);
            assertThat(confirm.inputSchema().path("required").toString())
                    .isEqualTo("[\"consumerNumber\",\"billNumber\",\"paymentReference\",\"amount\"]");
        }
    }

    @Test
    void shouldKeepDepartmentSynonymsApartFromTheirServicesOwn() {
        EntryRow passbook = entry(catalogue, "EPFO-PASSBOOK");
        EntryRow claim = entry(catalogue, "EPFO-RAISE-CLAIM");
        assertThat(catalogue.departmentSynonyms("EPFO").get(Language.EN))
                .containsExactly("pf", "epf", "provident fund", "uan", "pf balance");
        assertThat(passbook.synonyms().get(Language.EN))
                .containsExactly("passbook", "pf passbook", "pf balance", "epf balance");
        assertThat(claim.synonyms()).isEmpty();
    }

    @Test
    void shouldGiveAStatesWordForItsLandRecordToThatStatesServiceOnly() {
        for (EntryRow entry : catalogue.entries()) {
            List<String> english = entry.synonyms().getOrDefault(Language.EN, List.of());
            assertThat(english.contains("satbara"))
                    .as(entry.code())
                    .isEqualTo(entry.code().equals("MH-LAND-RECORD"));
            if (entry.code().endsWith("-LAND-RECORD")) {
                assertThat(english).as(entry.code()).contains("bhulekh", "khasra", "khatauni");
            }
        }
        assertThat(entry(catalogue, "MH-LAND-RECORD").synonyms().get(Language.MR))
                .contains("सातबारा");
    }

    @Test
    void shouldStillGiveV3TheCatalogueItShippedWithItsChecksum() {
        ShippedCatalogue v3 = ShippedCatalogue.loadAsShippedByV3();
        // the checksum databases migrated before V15 recorded for V3
        assertThat(new ShippedCatalogueMigration().getChecksum()).isEqualTo(1330977222);
        assertThat(v3.entries()).hasSameSizeAs(catalogue.entries());
        assertThat(v3.departmentSynonyms("EPFO")).isEmpty();
        assertThat(entry(v3, "EPFO-RAISE-CLAIM").synonyms().get(Language.EN))
                .containsExactly("pf", "epf", "provident fund", "uan", "pf balance");
        assertThat(entry(v3, "GJ-LAND-RECORD").synonyms().get(Language.EN)).contains("satbara", "jamabandi");
        // nothing else differs
        for (int i = 0; i < catalogue.entries().size(); i++) {
            EntryRow today = catalogue.entries().get(i);
            EntryRow then = v3.entries().get(i);
            assertThat(then.code()).isEqualTo(today.code());
            assertThat(then.names()).isEqualTo(today.names());
            assertThat(then.operations()).isEqualTo(today.operations());
        }
        assertThat(new SearchSynonymsMigration().getChecksum()).isEqualTo(catalogue.checksum());
    }

    private static EntryRow entry(ShippedCatalogue from, String code) {
        return from.entries().stream()
                .filter(entry -> entry.code().equals(code))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldKeepItsSourcesSmall() throws Exception {
        for (String file : CatalogueSources.FILES) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("catalogue/" + file)) {
                assertThat(in.readAllBytes().length).as(file).isLessThan(2 * 1024 * 1024);
            }
        }
    }
}
