package org.janseva.gateway.system;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.janseva.platform.core.web.RequestIds;
import org.slf4j.MDC;

/**
 * The request id in the MDC of a reactive request: {@link RequestContextWebFilter} writes it into
 * the Reactor context, and with automatic context propagation ({@code spring.reactor.context-
 * propagation=auto}, platform defaults) this accessor puts it into the MDC of whichever thread
 * runs the request's operators, as the trace id is. Every log line of a request then carries
 * both, as in the servlet services.
 */
final class RequestIdContext implements ThreadLocalAccessor<String> {

    /** The Reactor context key (the MDC key too). */
    static final String KEY = RequestIds.MDC_KEY;

    private RequestIdContext() {}

    /** Registers the accessor (once per key: a second registration replaces the first). */
    static void register() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdContext());
    }

    /**
     * Runs a logging action with the request id in the MDC, for code that runs outside the
     * request's operators (a commit callback, an error handler), then restores what was there.
     */
    static void withRequestId(String requestId, Runnable action) {
        String previous = MDC.get(KEY);
        if (requestId != null && !requestId.isEmpty()) {
            MDC.put(KEY, requestId);
        }
        try {
            action.run();
        } finally {
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        }
    }

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public String getValue() {
        return MDC.get(KEY);
    }

    @Override
    public void setValue(String value) {
        MDC.put(KEY, value);
    }

    @Override
    public void setValue() {
        MDC.remove(KEY);
    }
}
