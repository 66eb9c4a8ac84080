package org.janseva.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The parts of strict JSON that Boot's {@code spring.jackson.*} properties cannot say, applied to
 * Boot's {@code JsonMapper} (which Spring MVC reads bodies with). platform-defaults.yml says the
 * rest: no string into a number or boolean and no number or boolean into another scalar type
 * ({@code mapper.allow-coercion-of-scalars}), no number into an enum, no fraction into a whole
 * number. Jackson accepts all of these by default, so a client's {@code "amount": {"value":
 * 929.60}} became {@code "929.60"} and {@code {"stars": 4, "stars": 5}} was 5: a client must learn
 * that it sent the wrong thing, not have it repaired or half-read in silence. The failures are
 * field errors of {@link ProblemDetailsExceptionHandler}, named by their path in the body.
 *
 * <p>The same mapper reads this service's stored JSON and the answers of other services, which
 * are written by Jackson from typed values and so are unaffected; departments' answers are read
 * by their adapters with mappers of their own.
 */
final class StrictJson implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        // allow-coercion-of-scalars does not cover a number or boolean into a String ("textual"
        // is not a scalar type to Jackson): that takes a coercion rule of its own
        builder.withCoercionConfig(
                LogicalType.Textual,
                config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        // the same member twice in one object: refused while parsing, for typed bodies and trees
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
