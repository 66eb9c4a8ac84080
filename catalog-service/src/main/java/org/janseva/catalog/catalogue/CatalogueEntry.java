package org.janseva.catalog.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A citizen service of the catalogue (named so to keep clear of Spring's {@code *Service}).
 *
 * @param code the stable upper-case code, e.g. {@code EPFO-PASSBOOK} or {@code BESCOM-BILL}
 * @param department the department that provides it
 * @param categoryCode its category
 * @param type central, state or utility
 * @param status only PUBLISHED entries are listed and callable
 * @param channels the channels it is offered on
 * @param countries the countries it is offered in (ISO 3166-1 alpha-2, always with IN)
 * @param name the name per language
 * @param description the description per language
 * @param synonyms extra search terms per language
 * @param position the order entries are listed in when no search ranks them
 * @param operations its operations, in display order
 * @param updatedAt when it was last changed
 */
public record CatalogueEntry(
        String code,
        Department department,
        String categoryCode,
        CatalogueType type,
        EntryStatus status,
        Set<Channel> channels,
        Set<String> countries,
        LocalizedText name,
        LocalizedText description,
        Map<Language, List<String>> synonyms,
        int position,
        List<Operation> operations,
        Instant updatedAt) {

    public CatalogueEntry {
        channels = Set.copyOf(channels);
        countries = Set.copyOf(countries);
        synonyms = Map.copyOf(synonyms);
        operations = List.copyOf(operations);
    }

    /** @return whether it is PUBLISHED */
    public boolean published() {
        return status == EntryStatus.PUBLISHED;
    }

    /** @return whether it is offered on that channel */
    public boolean offeredOn(Channel channel) {
        return channels.contains(channel);
    }

    /** @return whether it is offered in that country (ISO 3166-1 alpha-2, upper case) */
    public boolean offeredIn(String country) {
        return countries.contains(country);
    }

    /**
     * @param operationCode an operation code
     * @return that operation, whatever its visibility
     */
    public Optional<Operation> operation(String operationCode) {
        for (Operation operation : operations) {
            if (operation.code().equals(operationCode)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }

    /** @return the state of its department, if any */
    public Optional<String> stateCode() {
        return department.state();
    }
}
