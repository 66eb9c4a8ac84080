-- The invocation audit: one row per call of POST /api/v1/services/{code}/operations/{op}
-- (who, what, when, how it ended, how long it took; never the inputs). Written off the request
-- path in batches by catalog-service; append-only: rows are never changed or deleted here
-- (retention, when it comes, drops whole time partitions, not rows).
create table invocation_audit
(
    id              bigint generated always as identity primary key,
    occurred_at     timestamptz not null,
    request_id      varchar(64) not null,
    -- the citizen: the caller, or the one a service acted for; null when none could be named
    citizen_id      varchar(64),
    -- the service client that acted for the citizen (payment-service), null for citizens
    client_id       varchar(64),
    service_code    varchar(64) not null,
    operation_code  varchar(60) not null,
    -- null when the service code named no catalogue entry
    department_code varchar(40),
    outcome         varchar(20) not null check (outcome in ('SUCCESS', 'CACHED', 'REFUSED', 'INVALID', 'NOT_FOUND',
                                                            'FORBIDDEN', 'TIMEOUT', 'UNAVAILABLE',
                                                            'DEPARTMENT_ERROR', 'ERROR')),
    http_status     smallint    not null,
    latency_ms      integer     not null check (latency_ms >= 0)
);
create index invocation_audit_department_idx on invocation_audit (department_code, occurred_at);
create index invocation_audit_citizen_idx on invocation_audit (citizen_id, occurred_at);
create index invocation_audit_occurred_idx on invocation_audit using brin (occurred_at);

create function invocation_audit_is_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'invocation_audit is append-only: % is not allowed', tg_op;
end
$$;

create trigger invocation_audit_append_only
    before update or delete
    on invocation_audit
    for each row
execute function invocation_audit_is_append_only();

create trigger invocation_audit_no_truncate
    before truncate
    on invocation_audit
    for each statement
execute function invocation_audit_is_append_only();
