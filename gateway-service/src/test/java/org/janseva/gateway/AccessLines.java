package org.janseva.gateway;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.system.CapturedOutput;

/** The gateway's access-log lines ({@code org.janseva.access}) in a test's captured output. */
final class AccessLines {

    private AccessLines() {}

    /** @return the access lines of the request id so far, oldest first */
    static List<String> of(CapturedOutput output, String requestId) {
        return output.getOut()
                .lines()
                .filter(l -> l.contains("\"requestId\":\"" + requestId + "\"") && l.contains("org.janseva.access"))
                .toList();
    }

    /** @return the first access line of the request id, waited for: it is written when the request ends */
    static String await(CapturedOutput output, String requestId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<String> lines = of(output, requestId);
            if (!lines.isEmpty()) {
                return lines.get(0);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        throw new AssertionError("no access-log line with the request id " + requestId);
    }
}
