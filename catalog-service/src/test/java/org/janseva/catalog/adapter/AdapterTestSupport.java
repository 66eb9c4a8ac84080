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

    /**
     * @return a new HTTP side with its own pools, calling stubs on loopback (as local runs call the
     *     simulator); close it with {@link DepartmentHttp#destroy()}
     */
    public static DepartmentHttp http() {
        return http(guard(loopbackAllowed(), java.util.List.of()));
    }

    /** @return a new HTTP side with its own pools behind that SSRF guard */
    public static DepartmentHttp http(OutboundAddressGuard guard) {
        return new DepartmentHttp(properties(), guard);
    }

    /** @return outbound settings that allow loopback and nothing else that is refused by default */
    public static OutboundProperties loopbackAllowed() {
        return new OutboundProperties(java.util.List.of("127.0.0.0/8", "::1/128"), null, null);
    }

    /**
     * @param properties allowed and denied networks
     * @param ownServices the platform's own services, {@code what -> url}
     * @return a guard with the JVM's resolver
     */
    public static OutboundAddressGuard guard(
            OutboundProperties properties, java.util.List<Map.Entry<String, String>> ownServices) {
        return OutboundAddressGuard.of(properties, ownServices);
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
