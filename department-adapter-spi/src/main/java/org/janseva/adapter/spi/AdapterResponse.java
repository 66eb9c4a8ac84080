package org.janseva.adapter.spi;

import java.util.Map;

/**
 * A department's answer to one call.
 *
 * @param status the department's status (HTTP status for HTTP types)
 * @param raw the department's answer as it came, parsed into a JSON-like tree; shown to
 *     integrators in dry runs only, never to citizens
 * @param data the answer mapped into the platform's shape: what the citizen receives
 */
public record AdapterResponse(int status, Object raw, Map<String, Object> data) {

    public AdapterResponse {
        data = data == null ? Map.of() : data;
    }
}
