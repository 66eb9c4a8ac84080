package org.janseva.catalog.browse;

import java.util.List;

/**
 * A page of a list, as every list of the API answers it.
 *
 * @param items the page's items
 * @param page where the page is in the whole list
 */
public record PageView<T>(List<T> items, Meta page) {

    /**
     * @param number the page, from 0
     * @param size the page size asked for
     * @param totalElements the items in the whole list
     * @param totalPages the pages of the whole list
     */
    record Meta(int number, int size, long totalElements, int totalPages) {}

    /** @return the requested page of a whole list held in memory */
    public static <T> PageView<T> of(List<T> all, PageRequest request) {
        int from = Math.min(request.offset(), all.size());
        int to = Math.min(from + request.size(), all.size());
        return of(all.subList(from, to), all.size(), request);
    }

    /** @return this page with its items mapped */
    <R> PageView<R> map(java.util.function.Function<T, R> mapper) {
        return new PageView<>(items.stream().map(mapper).toList(), page);
    }

    static <T> PageView<T> of(List<T> items, int total, PageRequest request) {
        int pages = (int) ((total + (long) request.size() - 1) / request.size());
        return new PageView<>(List.copyOf(items), new Meta(request.number(), request.size(), total, pages));
    }
}
