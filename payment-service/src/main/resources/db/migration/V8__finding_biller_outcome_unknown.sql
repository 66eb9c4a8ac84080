-- REFUNDED_BILLER_OUTCOME_UNKNOWN: the gateway refunded a payment whose biller confirmation was
-- sent and never answered; whether the biller took it is for an operator to ask.
alter table reconciliation_finding drop constraint reconciliation_finding_kind_check;
alter table reconciliation_finding add constraint reconciliation_finding_kind_check
    check (kind in ('REFUND_REFUSED', 'PARTIAL_REFUND_AT_GATEWAY', 'REFUNDED_AFTER_BILLER_CONFIRMED',
                    'REFUNDED_BILLER_OUTCOME_UNKNOWN'));
