package org.janseva.catalog.adapter;

/**
 * A department system's HTTP answer, read in full (up to the size limit).
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, or {@code null}
 * @param body the body, empty when there was none
 */
public record DepartmentHttpAnswer(int status, String contentType, byte[] body) {

    /** @return whether the status is 2xx */
    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** @return whether the status is 3xx (redirects are never followed) */
    public boolean redirect() {
        return status >= 300 && status < 400;
    }

    /** Never prints the body: it carries citizens' data. */
    @Override
    public String toString() {
        return "DepartmentHttpAnswer[status=" + status + ", bytes=" + body.length + "]";
    }
}
