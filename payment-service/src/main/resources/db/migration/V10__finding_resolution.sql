-- A finding is resolved, never deleted: by an operator who settled it (POST
-- /internal/v1/reconciliation/findings/{id}/resolution: who, when, a note), or by the platform when
-- the payment's own state settles it (REFUND_REFUSED and PARTIAL_REFUND_AT_GATEWAY once the payment
-- is REFUNDED), which deleted the row before. Open means resolved_at is null; open findings are the
-- ones reported by the reconciliation runs, the log and janseva_payments_findings.
--
-- Each finding gets an opaque id of its own (new ones: Ids, fnd-<24 base-32>; these, 32 hex digits),
-- and a payment may now have a resolved finding and a newer open one of the same kind: at most one
-- open finding per payment and kind.
alter table reconciliation_finding
    add column id              text,
    add column resolved_at     timestamptz,
    add column resolved_by     text,
    add column resolution_note text;

update reconciliation_finding set id = 'fnd-' || replace(gen_random_uuid()::text, '-', '');

alter table reconciliation_finding alter column id set not null;
alter table reconciliation_finding drop constraint reconciliation_finding_pkey;
alter table reconciliation_finding add primary key (id);
alter table reconciliation_finding add constraint reconciliation_finding_resolution_check
    check ((resolved_at is null) = (resolved_by is null)
           and (resolved_at is null) = (resolution_note is null)
           and char_length(resolution_note) between 1 and 500);

create unique index reconciliation_finding_open on reconciliation_finding (payment_id, kind)
    where resolved_at is null;
create index reconciliation_finding_payment on reconciliation_finding (payment_id, kind);
