-- The catalogue: departments (with their adapter instance), catalogue entries (the citizen
-- services), their operations, categories, states and ratings.
--
-- Texts shown to citizens are stored per language as jsonb objects keyed by the 13 language
-- codes of the app ({"en": "...", "hi": "...", ...}); English is always present and is the
-- fallback for a missing language.
--
-- Every change to the catalogue tables bumps catalogue_version (statement triggers below); each
-- catalog-service instance polls that row and rebuilds its in-memory catalogue and search index
-- when it moves, so an admin change is live on every instance within seconds.

create or replace function catalogue_texts_valid(texts jsonb) returns boolean
    language sql immutable as
$$
select jsonb_typeof(texts) = 'object'
       and jsonb_typeof(texts -> 'en') = 'string'
       and length(texts ->> 'en') > 0
       and not exists (select 1
                       from jsonb_each(texts) t
                       where t.key not in ('en', 'hi', 'as', 'bn', 'gu', 'kn', 'ml', 'mr', 'or', 'pa', 'ta', 'te', 'ur')
                          or jsonb_typeof(t.value) <> 'string'
                          or length(t.value #>> '{}') = 0)
$$;

create table catalogue_version
(
    id         smallint primary key default 1 check (id = 1),
    version    bigint      not null,
    changed_at timestamptz not null
);
insert into catalogue_version (id, version, changed_at) values (1, 1, now());

create function bump_catalogue_version() returns trigger
    language plpgsql as
$$
begin
    update catalogue_version set version = version + 1, changed_at = now() where id = 1;
    return null;
end
$$;

create table category
(
    code     varchar(40) primary key check (code ~ '^[a-z][a-z0-9-]*$'),
    position integer not null,
    names    jsonb   not null check (catalogue_texts_valid(names)),
    -- search terms for the whole category, per language: {"hi": ["बिजली"], "en": ["bijli", "power"]}
    synonyms jsonb   not null default '{}' check (jsonb_typeof(synonyms) = 'object')
);

create table state
(
    -- ISO 3166-2:IN subdivision code without the country prefix (KA, MH, DL, ...)
    code  varchar(3) primary key check (code ~ '^[A-Z]{2,3}$'),
    names jsonb not null check (catalogue_texts_valid(names))
);

create table department
(
    code             varchar(40) primary key check (code ~ '^[A-Z0-9][A-Z0-9-]*$'),
    type             varchar(10) not null check (type in ('CENTRAL', 'STATE', 'UTILITY')),
    state_code       varchar(3) references state (code),
    names            jsonb       not null check (catalogue_texts_valid(names)),
    -- the adapter instance: an adapter type key (rest-json, bbps-biller, ...) and its settings;
    -- secrets inside the settings are encrypted by the adapter layer before they are stored
    adapter_type     varchar(60) not null check (adapter_type ~ '^[a-z][a-z0-9-]*$'),
    adapter_settings jsonb       not null default '{}' check (jsonb_typeof(adapter_settings) = 'object'),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check (type <> 'STATE' or state_code is not null)
);
create index department_type_idx on department (type, state_code);

create table catalogue_entry
(
    code            varchar(64) primary key check (code ~ '^[A-Z0-9][A-Z0-9-]*$'),
    department_code varchar(40) not null references department (code),
    category_code   varchar(40) not null references category (code),
    type            varchar(10) not null check (type in ('CENTRAL', 'STATE', 'UTILITY')),
    status          varchar(10) not null default 'DRAFT' check (status in ('DRAFT', 'PUBLISHED', 'SUSPENDED')),
    channels        text[]      not null check (cardinality(channels) > 0
        and channels <@ array ['android', 'ios', 'web', 'kaios']),
    -- ISO 3166-1 alpha-2 codes; every service is offered in IN
    countries       text[]      not null check (cardinality(countries) > 0),
    names           jsonb       not null check (catalogue_texts_valid(names)),
    descriptions    jsonb       not null check (catalogue_texts_valid(descriptions)),
    -- search terms per language: {"en": ["pf", "provident fund"], "hi": ["पीएफ"]}
    synonyms        jsonb       not null default '{}' check (jsonb_typeof(synonyms) = 'object'),
    position        integer     not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index catalogue_entry_department_idx on catalogue_entry (department_code);
create index catalogue_entry_category_idx on catalogue_entry (category_code);

create table operation
(
    entry_code        varchar(64)  not null references catalogue_entry (code) on delete cascade,
    code              varchar(60)  not null check (code ~ '^[a-z][a-z0-9-]*$'),
    position          integer      not null default 0,
    names             jsonb        not null check (catalogue_texts_valid(names)),
    http_method       varchar(7)   not null check (http_method in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
    -- relative to the department's baseUrl; {placeholders} are filled from the input
    path_template     varchar(300) not null,
    -- JSON Schema (2020-12) of the input; each property has "title" (English), "x-title"
    -- (the other languages) and "examples"
    input_schema      jsonb        not null check (jsonb_typeof(input_schema) = 'object'),
    -- output field -> JSON pointer into the department's answer; {} passes the answer on
    response_mapping  jsonb        not null default '{}' check (jsonb_typeof(response_mapping) = 'object'),
    idempotent        boolean      not null,
    -- how long an answer may be served from cache; null: never cached
    cache_ttl_seconds integer check (cache_ttl_seconds is null or cache_ttl_seconds > 0),
    -- CITIZEN: shown in the catalogue and callable with a citizen token; SERVICE: callable only
    -- by our own services (e.g. a biller's confirm-payment, called by payment-service)
    visibility        varchar(10)  not null default 'CITIZEN' check (visibility in ('CITIZEN', 'SERVICE')),
    -- further per-operation settings of the adapter type (query/header mappings, ...)
    options           jsonb        not null default '{}' check (jsonb_typeof(options) = 'object'),
    primary key (entry_code, code)
);

create table rating
(
    entry_code varchar(64) not null references catalogue_entry (code) on delete cascade,
    citizen_id varchar(64) not null,
    stars      smallint    not null check (stars between 1 and 5),
    comment    varchar(1000),
    rated_at   timestamptz not null,
    primary key (entry_code, citizen_id)
);

-- the aggregate each entry shows, kept by a trigger in the rating's own transaction
create table rating_summary
(
    entry_code varchar(64) primary key references catalogue_entry (code) on delete cascade,
    star_sum   bigint  not null,
    count      integer not null
);

create table rating_version
(
    id         smallint primary key default 1 check (id = 1),
    version    bigint      not null,
    changed_at timestamptz not null
);
insert into rating_version (id, version, changed_at) values (1, 1, now());

create function apply_rating() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'INSERT' then
        insert into rating_summary (entry_code, star_sum, count)
        values (new.entry_code, new.stars, 1)
        on conflict (entry_code) do update
            set star_sum = rating_summary.star_sum + excluded.star_sum,
                count    = rating_summary.count + 1;
    elsif tg_op = 'UPDATE' then
        update rating_summary set star_sum = star_sum - old.stars + new.stars where entry_code = new.entry_code;
    elsif tg_op = 'DELETE' then
        update rating_summary set star_sum = star_sum - old.stars, count = count - 1 where entry_code = old.entry_code;
    end if;
    update rating_version set version = version + 1, changed_at = now() where id = 1;
    return null;
end
$$;

create trigger rating_applied
    after insert or update or delete
    on rating
    for each row
execute function apply_rating();

create trigger category_changed after insert or update or delete or truncate on category
    for each statement execute function bump_catalogue_version();
create trigger state_changed after insert or update or delete or truncate on state
    for each statement execute function bump_catalogue_version();
create trigger department_changed after insert or update or delete or truncate on department
    for each statement execute function bump_catalogue_version();
create trigger catalogue_entry_changed after insert or update or delete or truncate on catalogue_entry
    for each statement execute function bump_catalogue_version();
create trigger operation_changed after insert or update or delete or truncate on operation
    for each statement execute function bump_catalogue_version();
