-- Citizens who deleted their account, as user-service's erasure outbox told us
-- (POST /internal/v1/citizens/{id}/erasure). A citizen's access token keeps verifying here until
-- its exp (at most 15 minutes): a bill fetched or a payment made with it after the erasure would
-- be kept under the citizen's id, where no erasure ever reaches it again. Both refuse such a token
-- (ErasedCitizens says how they and the erasure are kept apart). The id is user-service's
-- pseudonymous UUID; nothing else of the citizen is kept.
create table erased_citizen
(
    citizen_id text primary key,
    erased_at  timestamptz not null
);
