package org.janseva.catalog.admin;

/** The platform's paging rules: {@code page} from 0, {@code size} from 1 to 100. */
final class Paging {

    static final int MAX_SIZE = 100;

    private Paging() {}

    static void check(int page, int size) {
        RequestFields fields = new RequestFields();
        if (page < 0) {
            fields.error("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            fields.error("size", "must be from 1 to " + MAX_SIZE);
        }
        if (fields.hasErrors()) {
            throw AdminProblems.invalid(fields.errors());
        }
    }
}
