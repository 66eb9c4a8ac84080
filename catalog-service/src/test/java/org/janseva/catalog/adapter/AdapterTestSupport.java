package org.janseva.catalog.adapter;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.janseva.adapter.spi.InvocationRequest;
import org.janseva.adapter.spi.OperationSpec;
import org.springframework.util.unit.DataSize;

/** Builds the adapter layer's parts without a Spring context, for adapter tests. */
public final class AdapterTestSupport {

    private AdapterTestSupport() {}

    /** @return the production defaults of {@code platform.catalog.adapters} */
    public static AdaptersProperties properties() {
        return new AdaptersProperties(
                Map.of(),
                null,
                DataSize.ofMegabytes(1),
                50,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    }

    /** @return a new HTTP side with its own pools; close it with {@link DepartmentHttp#destroy()} */
    public static DepartmentHttp http() {
        return new DepartmentHttp(properties());
    }

    /** @return authentication on that HTTP side */
    public static DepartmentAuth auth(DepartmentHttp http, Clock clock) {
        return new DepartmentAuth(http, clock);
    }

    /** @return a call of the operation with the input */
    public static InvocationRequest request(
            String department, OperationSpec operation, Map<String, Object> input, Duration timeout) {
        return new InvocationRequest(department, department + "-SERVICE", operation, input, "test-request-1", timeout);
    }
}
