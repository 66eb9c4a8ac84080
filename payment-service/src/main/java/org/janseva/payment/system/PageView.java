package org.janseva.payment.system;

/**
 * Where a page is in the whole list, as every list of the API answers it (API.md, "Conventions"):
 * the {@code page} member of the citizen's payments and of the operators' findings.
 *
 * @param number the page, from 0
 * @param size the page size asked for
 * @param totalElements the items in the whole list
 * @param totalPages the pages of the whole list
 */
public record PageView(int number, int size, long totalElements, long totalPages) {

    /** @return page {@code number} of {@code size} items of a list of {@code totalElements} */
    public static PageView of(int number, int size, long totalElements) {
        return new PageView(number, size, totalElements, (totalElements + size - 1) / size);
    }
}
