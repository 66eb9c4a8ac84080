package org.janseva.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.janseva.platform.core.web.ProblemCodes;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured limit (1 MiB by default) with a 413 problem: at once
 * when {@code Content-Length} says so, or as soon as a chunked body passes the limit while it is
 * read. The gateway enforces the same limit; this is the defence behind it.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemWriter problemWriter;

    /**
     * @param maxBytes the largest body accepted
     * @param problemWriter writes the 413 problem
     */
    public BodySizeLimitFilter(long maxBytes, ProblemWriter problemWriter) {
        this.maxBytes = maxBytes;
        this.problemWriter = problemWriter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            problemWriter.write(response, Problems.forStatus(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(), request));
            return;
        }
        chain.doFilter(declared >= 0 ? request : new LimitedRequest(request), response);
    }

    private String tooLarge() {
        return "The request body exceeds the limit of " + maxBytes + " bytes.";
    }

    /** Thrown while a chunked body is read past the limit. */
    static final class PayloadTooLargeException extends ApiException {
        PayloadTooLargeException(String detail) {
            super(HttpStatus.PAYLOAD_TOO_LARGE, ProblemCodes.PAYLOAD_TOO_LARGE, "Request body too large", detail);
        }
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream());
            }
            return stream;
        }
    }

    private final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private long count;

        LimitedInputStream(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > maxBytes) {
                throw new PayloadTooLargeException(tooLarge());
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
