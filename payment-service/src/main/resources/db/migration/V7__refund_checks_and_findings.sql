-- CHECK_REFUNDS: read an order's refunds at the gateway (a refund event that cannot be applied as
-- it stands: part of the amount, or a payment not settled here yet) and act on all of them.
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check
    check (kind in ('CREATE_ORDER', 'CONFIRM_BILLER', 'REFUND', 'CHECK_REFUNDS'));

-- What the platform's record and the gateway's money disagree on and only an operator can settle;
-- reported by every reconciliation run while open. REFUND_REFUSED and PARTIAL_REFUND_AT_GATEWAY
-- close when the payment is REFUNDED; REFUNDED_AFTER_BILLER_CONFIRMED stays for the operators.
create table reconciliation_finding (
    payment_id        text not null references payment (id),
    kind              text not null check (kind in
                          ('REFUND_REFUSED', 'PARTIAL_REFUND_AT_GATEWAY', 'REFUNDED_AFTER_BILLER_CONFIRMED')),
    detail            text not null,
    gateway_refunded  numeric(14,2) not null,
    first_seen_at     timestamptz not null,
    last_seen_at      timestamptz not null,
    primary key (payment_id, kind)
);
