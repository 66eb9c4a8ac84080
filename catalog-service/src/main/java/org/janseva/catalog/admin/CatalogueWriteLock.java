package org.janseva.catalog.admin;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every admin transaction that changes the catalogue takes the one {@code catalogue_version} row
 * first. The tables' statement triggers bump that row anyway, but only after the statement's own
 * rows are locked: a department change (its row, then the version, then its services' rows) and
 * a service's status change (its row, then the version) took the same locks in opposite orders,
 * and PostgreSQL aborted one of them as a deadlock, answered 500 (half of the tries in a
 * concurrency audit). Taken first, the version row orders every catalogue write; admin changes
 * are rare, so serialising them costs nothing a citizen sees.
 */
final class CatalogueWriteLock {

    private CatalogueWriteLock() {}

    /** Call first inside the change's transaction. */
    static void take(JdbcClient jdbc) {
        jdbc.sql("select version from catalogue_version where id = 1 for update")
                .query(Long.class)
                .single();
    }
}
