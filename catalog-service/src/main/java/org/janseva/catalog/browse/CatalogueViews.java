package org.janseva.catalog.browse;

import java.util.List;
import java.util.TreeSet;
import org.janseva.catalog.adapter.AdapterRegistry;
import org.janseva.catalog.browse.Views.DepartmentRef;
import org.janseva.catalog.browse.Views.OperationView;
import org.janseva.catalog.browse.Views.RatingView;
import org.janseva.catalog.browse.Views.ServiceDetailView;
import org.janseva.catalog.browse.Views.ServiceView;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.catalogue.InputSchemas;
import org.janseva.catalog.catalogue.Language;
import org.janseva.catalog.catalogue.LocalizedText;
import org.janseva.catalog.catalogue.Operation;
import org.janseva.catalog.rating.RatingSummary;
import org.janseva.catalog.rating.Ratings;
import org.springframework.stereotype.Component;

/** Renders catalogue entries for a reader: texts in their language (or English, flagged), ratings. */
@Component
class CatalogueViews {

    private final Ratings ratings;
    private final AdapterRegistry adapters;

    CatalogueViews(Ratings ratings, AdapterRegistry adapters) {
        this.ratings = ratings;
        this.adapters = adapters;
    }

    ServiceView item(CatalogueEntry entry, Language language) {
        LocalizedText.Resolved name = entry.name().in(language);
        LocalizedText.Resolved departmentName = entry.department().name().in(language);
        // the item's language is that of its name and its description: the admin API takes both in
        // the same languages, and should stored texts ever differ, the description follows the name
        // (into English when it lacks the name's language) rather than going its own way
        return new ServiceView(
                entry.code(),
                name.text(),
                entry.description().in(name.language()).text(),
                name.language().code(),
                entry.type().name(),
                entry.categoryCode(),
                // the department's name falls back on its own, so it says its own language
                new DepartmentRef(
                        entry.department().code(),
                        departmentName.text(),
                        departmentName.language().code()),
                entry.department().stateCode(),
                channels(entry),
                countries(entry),
                rating(entry.code()));
    }

    ServiceDetailView detail(CatalogueEntry entry, Language language) {
        ServiceView item = item(entry, language);
        // what citizens may call, as invocations decide it (a biller's confirm-payment never)
        List<OperationView> operations = entry.operations().stream()
                .filter(Operation::citizenVisible)
                .filter(operation -> !adapters.serviceOnly(entry.department().adapterType(), operation.code()))
                .map(operation -> {
                    LocalizedText.Resolved name = operation.name().in(language);
                    return new OperationView(
                            operation.code(),
                            name.text(),
                            name.language().code(),
                            InputSchemas.localized(operation.inputSchema(), language));
                })
                .toList();
        return new ServiceDetailView(
                item.code(),
                item.name(),
                item.description(),
                item.language(),
                item.type(),
                item.category(),
                item.department(),
                item.state(),
                item.channels(),
                item.countries(),
                item.rating(),
                operations);
    }

    private RatingView rating(String code) {
        RatingSummary summary = ratings.of(code);
        return new RatingView(summary.average(), summary.count());
    }

    /** Channels in their canonical order (android, ios, web, kaios). */
    private static List<String> channels(CatalogueEntry entry) {
        return java.util.Arrays.stream(Channel.values())
                .filter(entry::offeredOn)
                .map(Channel::code)
                .toList();
    }

    /** IN first, then the others alphabetically. */
    private static List<String> countries(CatalogueEntry entry) {
        TreeSet<String> others = new TreeSet<>(entry.countries());
        boolean india = others.remove("IN");
        return india
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of("IN"), others.stream())
                        .toList()
                : List.copyOf(others);
    }
}
