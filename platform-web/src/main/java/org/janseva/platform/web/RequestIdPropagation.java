package org.janseva.platform.web;

import java.io.IOException;
import org.janseva.platform.core.web.RequestIds;
import org.slf4j.MDC;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Passes the request id of the request being served (the MDC's, set by {@link RequestIdFilter})
 * on to a call one of our services makes to another, so that the citizen's id is the one in every
 * hop's log lines and the one a department receives. A call made off any request (an outbox
 * worker, a scheduled job) has none and sends none: the callee makes its own. A header the caller
 * set itself is kept.
 */
public final class RequestIdPropagation implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null && !request.getHeaders().containsHeader(RequestIds.HEADER)) {
            request.getHeaders().set(RequestIds.HEADER, requestId);
        }
        return execution.execute(request, body);
    }
}
