-- Bills, payments, idempotency records, the double-entry ledger, the outbox, the webhook inbox
-- and reconciliation. Money is numeric(14,2) in rupees. Times are timestamptz.

-- A bill fetched from a biller for a citizen, kept so that its amount is what gets paid.
create table bill (
    id               text primary key,
    citizen_ref      text not null,
    service_code     text not null,
    biller_name      text not null,
    consumer_number  text not null,
    customer_name    text,
    bill_number      text not null,
    bill_date        date,
    due_date         date,
    amount           numeric(14,2) not null check (amount > 0),
    currency         char(3) not null default 'INR',
    biller_reference text,
    status           text not null default 'UNPAID' check (status in ('UNPAID', 'PAID')),
    fetched_at       timestamptz not null,
    unique (citizen_ref, service_code, consumer_number, bill_number)
);

create table payment (
    id                  text primary key,
    citizen_ref         text not null,
    idem_key            text not null,
    bill_id             text not null references bill (id),
    service_code        text not null,
    consumer_number     text not null,
    bill_number         text not null,
    amount              numeric(14,2) not null check (amount > 0),
    currency            char(3) not null default 'INR',
    method              text not null check (method in ('UPI', 'CARD', 'NETBANKING')),
    status              text not null check (status in ('PENDING', 'SUCCESS', 'FAILED', 'REFUND_PENDING', 'REFUNDED')),
    failure_reason      text,
    biller_status       text check (biller_status in ('PENDING', 'CONFIRMED', 'FAILED')),
    biller_reference    text,
    gateway             text not null,
    gateway_order_id    text,
    gateway_payment_id  text,
    checkout_url        text,
    refund_id           text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    paid_at             timestamptz
);
create index payment_citizen_created on payment (citizen_ref, created_at desc);
create unique index payment_gateway_order on payment (gateway, gateway_order_id);
create index payment_open on payment (status, created_at) where status in ('PENDING', 'REFUND_PENDING');
create index payment_biller_pending on payment (updated_at) where biller_status = 'PENDING';
-- one live payment per biller bill, whoever fetched it: no second charge while one is
-- unresolved, none at all once it is paid
create unique index payment_one_live_per_bill on payment (service_code, consumer_number, bill_number)
    where status in ('PENDING', 'SUCCESS');

-- The idempotency record of POST /api/v1/payments: claimed with INSERT ... ON CONFLICT in the
-- same transaction as the payment; holds the request's hash and, once known, the first answer.
create table idempotency_record (
    citizen_ref      text not null,
    idem_key         text not null,
    request_hash     bytea not null,
    payment_id       text,
    response_status  int,
    response_body    text,
    created_at       timestamptz not null,
    completed_at     timestamptz,
    expires_at       timestamptz not null,
    primary key (citizen_ref, idem_key)
);
create index idempotency_record_expires on idempotency_record (expires_at);

-- Append-only double-entry ledger: every posting is a set of entries summing to zero.
-- amount > 0 means money into that account, < 0 money out of it.
create table ledger_entry (
    id          bigint generated always as identity primary key,
    posting_id  text not null,
    payment_id  text not null references payment (id),
    account     text not null check (account in
                    ('CITIZEN', 'GATEWAY_PENDING', 'PLATFORM_CLEARING', 'BILLER_PAYABLE', 'REFUND_PENDING')),
    amount      numeric(14,2) not null check (amount <> 0),
    kind        text not null,
    created_at  timestamptz not null
);
create index ledger_entry_payment on ledger_entry (payment_id);
create index ledger_entry_created on ledger_entry (created_at);

create function ledger_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger_entry is append-only: post a reversal instead';
end $$;
create trigger ledger_entry_append_only before update or delete or truncate on ledger_entry
    for each statement execute function ledger_entry_is_append_only();

-- Work with the outside world, committed with the state change that needs it and done after it.
create table outbox (
    id            bigint generated always as identity primary key,
    payment_id    text not null references payment (id),
    kind          text not null check (kind in ('CREATE_ORDER', 'CONFIRM_BILLER', 'REFUND')),
    attempts      int not null default 0,
    available_at  timestamptz not null,
    parked        boolean not null default false,
    last_error    text,
    created_at    timestamptz not null,
    unique (payment_id, kind)
);
create index outbox_due on outbox (available_at) where not parked;

-- Webhook events already handled, by the gateway's event id: a duplicate is a no-op.
create table webhook_inbox (
    gateway      text not null,
    event_id     text not null,
    event_type   text not null,
    order_id     text,
    outcome      text not null,
    received_at  timestamptz not null,
    primary key (gateway, event_id)
);
create index webhook_inbox_received on webhook_inbox (received_at);

-- The daily comparison of the ledger with the gateway's record.
create table reconciliation_report (
    report_date       date not null,
    gateway           text not null,
    ledger_captured   numeric(14,2) not null,
    gateway_captured  numeric(14,2) not null,
    ledger_refunded   numeric(14,2) not null,
    gateway_refunded  numeric(14,2) not null,
    matched           int not null,
    mismatches        jsonb not null,
    created_at        timestamptz not null,
    primary key (report_date, gateway)
);
