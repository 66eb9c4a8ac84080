package org.janseva.user.citizen;

import java.util.List;

/**
 * A page of a list, as every list of the API answers it (API.md, "Conventions").
 *
 * @param items the page's items
 * @param page where the page is in the whole list
 */
record PageView<T>(List<T> items, Meta page) {

    /**
     * @param number the page, from 0
     * @param size the page size asked for
     * @param totalElements the items in the whole list
     * @param totalPages the pages of the whole list
     */
    record Meta(int number, int size, long totalElements, int totalPages) {}

    /** @return the requested page of a whole (short) list */
    static <T> PageView<T> of(List<T> all, PageRequest request) {
        int from = Math.min(request.offset(), all.size());
        int to = Math.min(from + request.size(), all.size());
        int pages = (int) ((all.size() + (long) request.size() - 1) / request.size());
        return new PageView<>(
                List.copyOf(all.subList(from, to)), new Meta(request.number(), request.size(), all.size(), pages));
    }
}
