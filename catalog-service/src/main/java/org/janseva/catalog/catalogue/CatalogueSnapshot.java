package org.janseva.catalog.catalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole catalogue at one version, immutable: what browsing, search and invocation read. It is
 * built off the request path and replaced whole when the catalogue changes ({@link Catalogue}).
 */
public final class CatalogueSnapshot {

    private final long version;
    private final List<Category> categories;
    private final List<State> states;
    private final List<Department> departments;
    private final List<CatalogueEntry> entries;
    private final Map<String, Category> categoriesByCode;
    private final Map<String, State> statesByCode;
    private final Map<String, Department> departmentsByCode;
    private final Map<String, CatalogueEntry> entriesByCode;
    private final Map<String, List<CatalogueEntry>> entriesByDepartment;

    /**
     * @param version the catalogue version it was read at
     * @param categories every category
     * @param states every state
     * @param departments every department
     * @param entries every entry, whatever its status
     */
    public CatalogueSnapshot(
            long version,
            List<Category> categories,
            List<State> states,
            List<Department> departments,
            List<CatalogueEntry> entries) {
        this.version = version;
        this.categories =
                sorted(categories, Comparator.comparingInt(Category::position).thenComparing(Category::code));
        this.states = sorted(states, Comparator.comparing(s -> s.name().english()));
        this.departments = sorted(departments, Comparator.comparing(Department::code));
        this.entries = sorted(
                entries, Comparator.comparingInt(CatalogueEntry::position).thenComparing(CatalogueEntry::code));
        this.categoriesByCode = index(this.categories, Category::code);
        this.statesByCode = index(this.states, State::code);
        this.departmentsByCode = index(this.departments, Department::code);
        this.entriesByCode = index(this.entries, CatalogueEntry::code);
        Map<String, List<CatalogueEntry>> byDepartment = new HashMap<>();
        for (CatalogueEntry entry : this.entries) {
            byDepartment
                    .computeIfAbsent(entry.department().code(), code -> new ArrayList<>())
                    .add(entry);
        }
        byDepartment.replaceAll((code, list) -> List.copyOf(list));
        this.entriesByDepartment = Collections.unmodifiableMap(byDepartment);
    }

    /** @return the catalogue version this snapshot was read at */
    public long version() {
        return version;
    }

    /** @return every entry, whatever its status, in listing order */
    public List<CatalogueEntry> entries() {
        return entries;
    }

    /** @return the entry with that code, whatever its status */
    public Optional<CatalogueEntry> entry(String code) {
        return Optional.ofNullable(entriesByCode.get(code));
    }

    /** @return the entries of a department, whatever their status, in listing order */
    public List<CatalogueEntry> entriesOf(String departmentCode) {
        return entriesByDepartment.getOrDefault(departmentCode, List.of());
    }

    /** @return every department, by code */
    public List<Department> departments() {
        return departments;
    }

    /** @return the department with that code */
    public Optional<Department> department(String code) {
        return Optional.ofNullable(departmentsByCode.get(code));
    }

    /** @return every category, in listing order */
    public List<Category> categories() {
        return categories;
    }

    /** @return the category with that code */
    public Optional<Category> category(String code) {
        return Optional.ofNullable(categoriesByCode.get(code));
    }

    /** @return every state, by English name */
    public List<State> states() {
        return states;
    }

    /** @return the state with that code */
    public Optional<State> state(String code) {
        return Optional.ofNullable(statesByCode.get(code));
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return List.copyOf(copy);
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            map.put(key.apply(item), item);
        }
        return Collections.unmodifiableMap(map);
    }
}
