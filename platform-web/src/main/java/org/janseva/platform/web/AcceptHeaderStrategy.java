package org.janseva.platform.web;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * Spring MVC's reading of {@code Accept}, less the media ranges the client refuses ({@code q=0},
 * RFC 9110 section 12.4.2). Spring compares media types, not their weights, both when it picks a
 * handler by its {@code produces} and when it writes the answer, so {@code Accept:
 * application/json;q=0, text/plain} was answered in JSON. With this, a handler that produces JSON
 * refuses such an {@code Accept} with 406 before it runs, by the rule catalog-service's invocations
 * apply themselves: JSON is acceptable when a range of weight above 0 includes it (none:
 * anything).
 */
final class AcceptHeaderStrategy extends HeaderContentNegotiationStrategy {

    @Override
    public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
        List<MediaType> types = super.resolveMediaTypes(request);
        if (types.stream().allMatch(type -> type.getQualityValue() > 0)) {
            return types;
        }
        // possibly empty: nothing is acceptable then, and a handler that produces anything is a 406
        return types.stream().filter(type -> type.getQualityValue() > 0).toList();
    }
}
