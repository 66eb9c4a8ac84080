-- A FAILED payment whose order exists at the gateway is asked about again a few times after it
-- failed: a gateway reports one attempt failed while its order stays open to another attempt, and
-- a capture whose webhook is lost would otherwise leave the citizen's money with the platform, the
-- payment FAILED and nothing to give it back. late_check_at: when the next question is due (null:
-- none); late_checks: how many were asked.
alter table payment
    add column late_check_at timestamptz,
    add column late_checks smallint not null default 0;

create index payment_late_check on payment (late_check_at) where status = 'FAILED' and late_check_at is not null;

-- payments that failed before this migration and recently enough to be captured still
update payment set late_check_at = now()
    where status = 'FAILED' and gateway_order_id is not null and updated_at > now() - interval '2 days';
