package org.janseva.payment.erasure;

import org.janseva.platform.web.ErasedCitizenRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The citizens who deleted their account ({@link ErasedCitizenRegistry}). A bill or a payment
 * written with such a citizen's token after the erasure would stay under the citizen's id for
 * good, so the citizen's writes ask here first, inside their transaction.
 *
 * <p>A write and the erasure never overlap. A bill being kept takes the citizen's advisory lock
 * ({@link #refuseIfErased}), as the erasure does ({@link #record}): a bill kept first is
 * pseudonymised by the erasure, one kept after is refused. A payment needs no lock of its own: it
 * locks the citizen's bill ({@code FOR UPDATE}) before it writes anything that stays, and the
 * erasure pseudonymises the bills before the payments and the idempotency records, so either the
 * erasure waits for the payment's commit and then finds it, or the payment waits for the
 * erasure's and then finds no bill of the citizen ({@link #isErased} then says why).
 */
@Component
public class ErasedCitizens extends ErasedCitizenRegistry {

    ErasedCitizens(JdbcClient jdbc) {
        super(jdbc);
    }
}
