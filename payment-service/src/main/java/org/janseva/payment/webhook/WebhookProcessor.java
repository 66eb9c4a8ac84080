package org.janseva.payment.webhook;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.janseva.payment.gateway.GatewayEvent;
import org.janseva.payment.payment.Payment;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.payment.settlement.Capture;
import org.janseva.payment.settlement.SettlementService;
import org.janseva.payment.settlement.Transition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a verified webhook event once: the event id is claimed in the inbox ({@code INSERT ...
 * ON CONFLICT DO NOTHING}) in the same transaction as the state change, so a duplicate delivery,
 * even a concurrent one, is a no-op; the state machine makes reordered events harmless.
 */
@Service
class WebhookProcessor {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PaymentRepository payments;
    private final SettlementService settlement;
    private final Clock clock;

    WebhookProcessor(
            JdbcClient jdbc,
            TransactionTemplate tx,
            PaymentRepository payments,
            SettlementService settlement,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.payments = payments;
        this.settlement = settlement;
        this.clock = clock;
    }

    /** @return the outcome: APPLIED, DUPLICATE, IGNORED_STALE, IGNORED_UNKNOWN_ORDER, ... */
    String process(String gateway, GatewayEvent event) {
        return tx.execute(status -> {
            int claimed = jdbc.sql("insert into webhook_inbox (gateway, event_id, event_type, order_id, outcome,"
                            + " received_at) values (?, ?, ?, ?, 'RECEIVED', ?) on conflict do nothing")
                    .params(
                            gateway,
                            event.eventId(),
                            event.rawType(),
                            event.orderId(),
                            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
            if (claimed == 0) {
                return "DUPLICATE";
            }
            String outcome = apply(gateway, event);
            jdbc.sql("update webhook_inbox set outcome = ? where gateway = ? and event_id = ?")
                    .params(outcome, gateway, event.eventId())
                    .update();
            return outcome;
        });
    }

    private String apply(String gateway, GatewayEvent event) {
        if (event.type() == GatewayEvent.Type.OTHER) {
            return "IGNORED_TYPE";
        }
        Optional<Payment> found = payments.lockByOrder(gateway, event.orderId());
        if (found.isEmpty()) {
            return "IGNORED_UNKNOWN_ORDER";
        }
        Payment payment = found.get();
        Transition transition = switch (event.type()) {
            case PAYMENT_CAPTURED ->
                settlement.captured(
                        payment,
                        new Capture(
                                event.amount(),
                                event.currency(),
                                event.gatewayPaymentId(),
                                event.method(),
                                event.occurredAt()));
            case PAYMENT_FAILED -> settlement.failed(payment, event.reason() == null ? "DECLINED" : event.reason());
            case REFUND_PROCESSED -> refundProcessed(payment, event);
            case OTHER -> Transition.IGNORED_STALE;
        };
        return transition.name();
    }

    /**
     * A refund event names one refund, by the platform or by an operator at the gateway's
     * dashboard. One of the whole amount is applied as it stands; anything else (part of the
     * amount, or a refund of a payment not captured here yet, its capture webhook late) is kept, not
     * dropped: the outbox reads the order's refunds at the gateway and applies them all together.
     */
    private Transition refundProcessed(Payment payment, GatewayEvent event) {
        String status = payment.status();
        if ("REFUNDED".equals(status)) {
            return Transition.IGNORED_STALE;
        }
        boolean all = event.amount() != null && event.amount().compareTo(payment.amount()) >= 0;
        if (all && ("SUCCESS".equals(status) || "REFUND_PENDING".equals(status))) {
            return settlement.refundedAtGateway(payment, event.refundId(), event.amount());
        }
        // also while REFUND_PENDING: the platform's own refund goes on for what is left, and the
        // order's refunds, added up at the gateway, settle it (one refund of part of the amount is
        // no amount mismatch, the outcome kept for a gateway's money that disagrees with ours)
        settlement.enqueue(payment.id(), "CHECK_REFUNDS", clock.instant());
        return Transition.DEFERRED;
    }
}
