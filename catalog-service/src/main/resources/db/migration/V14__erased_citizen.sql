-- Citizens who deleted their account, as user-service's erasure outbox told us
-- (POST /internal/v1/citizens/{id}/erasure). A citizen's access token keeps verifying here until
-- its exp (at most 15 minutes): a rating written with it after the erasure would be personal data
-- that no erasure ever reaches again. The rating endpoint refuses such a token, checking this
-- table under the same per-citizen advisory lock the erasure takes (ErasedCitizens). The id is
-- user-service's pseudonymous UUID; nothing else of the citizen is kept.
create table erased_citizen
(
    citizen_id text primary key,
    erased_at  timestamptz not null
);
