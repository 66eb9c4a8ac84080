package org.janseva.catalog.invocation;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.regex.Pattern;
import org.janseva.platform.web.ApiException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes an invocation's body refusals reach the invocation, where they are audited and counted
 * ({@link InvocationController#refusedBody}), and notes when the call arrived, for its audit row and
 * latency. The platform's body-size limit refuses a body whose {@code Content-Length} is over the
 * limit before any handler (or Spring Security) runs, so the call would be neither audited nor
 * counted; with the length hidden from the filters after this one, the same limit is applied while
 * the body is read instead (as it is for a chunked body): the same 413 problem, once the caller is
 * authenticated and the call known. Only the servlet filters see the length hidden; the container
 * still reads the body by its {@code Content-Length}. {@link ReadRefusals}, behind the limit, hands
 * its refusal to Spring MVC as a body that could not be read.
 */
final class InvocationBodyFilter extends OncePerRequestFilter {

    /** The request attribute holding {@link System#nanoTime()} at arrival. */
    static final String STARTED = InvocationBodyFilter.class.getName() + ".started";

    /** The request attribute holding the {@link java.time.Instant} of arrival. */
    static final String ARRIVED = InvocationBodyFilter.class.getName() + ".arrived";

    private static final Pattern INVOCATION = Pattern.compile("/api/v1/services/[^/]+/operations/[^/]+");

    private final Clock clock;

    InvocationBodyFilter(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !invocation(request);
    }

    private static boolean invocation(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return "POST".equals(request.getMethod()) && INVOCATION.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(STARTED, System.nanoTime());
        request.setAttribute(ARRIVED, clock.instant());
        chain.doFilter(new LengthRead(request), response);
    }

    /** The request with its body's length known only once the body is read. */
    private static final class LengthRead extends HttpServletRequestWrapper {

        LengthRead(HttpServletRequest request) {
            super(request);
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }
    }

    /**
     * Behind the body-size limit: its refusal while the body is read (an {@link ApiException} from
     * the stream, which Spring MVC would pass on as it is, before the invocation's own handler) comes
     * as an I/O failure carrying it, which Spring MVC reports as a body it could not read and the
     * platform's problem handler answers with the refusal's own problem (413).
     */
    static final class ReadRefusals extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !invocation(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            chain.doFilter(
                    new HttpServletRequestWrapper(request) {
                        private ServletInputStream stream;

                        @Override
                        public ServletInputStream getInputStream() throws IOException {
                            if (stream == null) {
                                stream = new RefusalsAsFailures(super.getInputStream());
                            }
                            return stream;
                        }
                    },
                    response);
        }
    }

    /** The refusal of a body while it is read, as the I/O failure of reading it. */
    static final class RefusedWhileRead extends IOException {

        RefusedWhileRead(ApiException refusal) {
            super(refusal.getMessage(), refusal);
        }
    }

    private static final class RefusalsAsFailures extends ServletInputStream {

        private final ServletInputStream delegate;

        RefusalsAsFailures(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            try {
                return delegate.read();
            } catch (ApiException ex) {
                throw new RefusedWhileRead(ex);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return delegate.read(buffer, offset, length);
            } catch (ApiException ex) {
                throw new RefusedWhileRead(ex);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
