package org.janseva.catalog.rating;

import org.janseva.platform.web.ErasedCitizenRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The citizens who deleted their account, for catalog-service's one write keyed by a citizen, the
 * rating ({@link ErasedCitizenRegistry}: a rating and the erasure take the citizen's lock, a
 * rating after the erasure is refused).
 */
@Component
class ErasedCitizens extends ErasedCitizenRegistry {

    ErasedCitizens(JdbcClient jdbc) {
        super(jdbc);
    }
}
