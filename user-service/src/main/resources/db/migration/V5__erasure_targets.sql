-- An erasure is told to every service that keeps something of the citizen, each on its own row
-- so that one service being down does not hold the others back: payment-service (payments and
-- bills, pseudonymised) and catalog-service (ratings: comment removed, unlinked).
alter table erasure_outbox add column target varchar(32) not null default 'payment-service';
alter table erasure_outbox drop constraint erasure_outbox_pkey;
alter table erasure_outbox add primary key (citizen_id, target);
alter table erasure_outbox alter column target drop default;
-- citizens erased before catalog-service was told of erasures: tell it now
insert into erasure_outbox (citizen_id, target, created_at, next_attempt_at)
select citizen_id, 'catalog-service', created_at, now() from erasure_outbox where target = 'payment-service';
