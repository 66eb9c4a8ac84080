-- The admin audit: one row per change made through the admin API (departments created or changed,
-- services created, published, put back to draft or suspended) and per dry run, written in the
-- same transaction as the change itself, so that no change exists without its row. Who: the
-- token's subject (the admin client's id, or the admin user's id). Details never hold a secret or
-- a citizen's data: a changed secret is named, its value never stored here. Append-only.
create table admin_audit
(
    id              bigint generated always as identity primary key,
    occurred_at     timestamptz  not null,
    actor           varchar(128) not null,
    action          varchar(40)  not null check (action in ('DEPARTMENT_CREATED', 'DEPARTMENT_UPDATED',
                                                            'SERVICE_CREATED', 'SERVICE_STATUS_CHANGED',
                                                            'SERVICE_DRY_RUN')),
    department_code varchar(40),
    service_code    varchar(64),
    request_id      varchar(64)  not null,
    details         jsonb        not null default '{}' check (jsonb_typeof(details) = 'object')
);
create index admin_audit_department_idx on admin_audit (department_code, occurred_at);
create index admin_audit_service_idx on admin_audit (service_code, occurred_at);
create index admin_audit_occurred_idx on admin_audit (occurred_at);

create function admin_audit_is_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'admin_audit is append-only: % is not allowed', tg_op;
end
$$;

create trigger admin_audit_append_only
    before update or delete
    on admin_audit
    for each row
execute function admin_audit_is_append_only();

create trigger admin_audit_no_truncate
    before truncate
    on admin_audit
    for each statement
execute function admin_audit_is_append_only();
