package org.janseva.payment.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.janseva.payment.system.PaymentProperties;
import org.springframework.stereotype.Component;

/** The installed payment gateways by name; startup fails on a duplicate or an unknown default. */
@Component
public class PaymentGateways {

    private final Map<String, PaymentGateway> byName = new TreeMap<>();
    private final PaymentGateway current;

    PaymentGateways(List<PaymentGateway> gateways, PaymentProperties properties) {
        for (PaymentGateway gateway : gateways) {
            PaymentGateway previous = byName.put(gateway.name(), gateway);
            if (previous != null) {
                throw new IllegalStateException("Two payment gateways are named '" + gateway.name() + "': "
                        + previous.getClass().getName() + " and "
                        + gateway.getClass().getName());
            }
        }
        this.current = byName.get(properties.gateway());
        if (current == null) {
            throw new IllegalStateException("platform.payment.gateway names '" + properties.gateway()
                    + "', but the installed payment gateways are " + byName.keySet());
        }
    }

    /** @return the gateway new payments use */
    public PaymentGateway current() {
        return current;
    }

    /** @return the gateway of that name, if installed */
    public Optional<PaymentGateway> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return the gateway of a stored payment */
    public PaymentGateway get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("No payment gateway named '" + name + "'"));
    }

    /** @return every installed gateway */
    public List<PaymentGateway> all() {
        return List.copyOf(byName.values());
    }
}
