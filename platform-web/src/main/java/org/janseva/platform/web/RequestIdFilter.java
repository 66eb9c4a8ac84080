package org.janseva.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.janseva.platform.core.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stamps every request with its id ({@code X-Request-Id}: the caller's when sane, a new one
 * otherwise), puts it in the MDC so that every log line carries it, echoes it on the response,
 * and writes one access-log line per request when it ends, with the status the client gets: when
 * an exception escapes the chain, that is not the response's status yet (Tomcat answers through
 * the error dispatch once this filter has returned) but the one {@link ProblemErrorController}
 * will answer with ({@link ProblemErrorController#statusFor}), or the status already sent when
 * the response was committed.
 *
 * <p>The id leaves the MDC when the request ends; when an exception escaped, only once Tomcat is
 * done with it ({@link MdcCleanup}), so that Tomcat's ERROR line for it, written after this filter
 * has returned, carries the id too.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    private static final Logger accessLog = LoggerFactory.getLogger("org.janseva.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put(RequestIds.MDC_KEY, requestId);
        long start = System.nanoTime();
        Throwable escaped = null;
        try {
            chain.doFilter(request, response);
        } catch (Throwable ex) {
            escaped = ex;
            throw ex;
        } finally {
            long micros = (System.nanoTime() - start) / 1_000;
            if (accessLog.isInfoEnabled() && !request.getRequestURI().startsWith("/actuator")) {
                int status = escaped == null || response.isCommitted()
                        ? response.getStatus()
                        : ProblemErrorController.statusFor(escaped);
                accessLog
                        .atInfo()
                        .addKeyValue("http.method", request.getMethod())
                        .addKeyValue("url.path", request.getRequestURI())
                        .addKeyValue("http.status", status)
                        .addKeyValue("durationMs", micros / 1000.0)
                        .log("{} {} {} {}ms", request.getMethod(), request.getRequestURI(), status, micros / 1000.0);
            }
            if (escaped == null) {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }
    }

    /**
     * Takes the request id out of the MDC when Tomcat has finished a request (after its error
     * dispatch, on the same thread), for the requests {@link RequestIdFilter} left it in.
     */
    public static final class MdcCleanup implements ServletRequestListener {

        @Override
        public void requestDestroyed(ServletRequestEvent event) {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
