-- Revoked access tokens, for the gateway (GET /internal/v1/revocations). An access token is a
-- JWT that verifies until its exp (at most 15 minutes), so ending a login's refresh tokens does
-- not stop the access tokens already issued: the gateway polls this list and refuses them.
-- A row revokes either one login (login_id: the sid claim of every access token of that login;
-- a logout, a reused refresh token, an MPIN reset) or every token of a citizen issued before
-- not_before (an erasure).
--
-- Rows are written one transaction at a time (an advisory lock held from the insert to the
-- commit), so ids are in commit order and a reader's cursor on the id never skips a row that
-- committed after a higher one. The hourly housekeeping deletes the rows whose tokens have all
-- expired.
CREATE TABLE token_revocation (
    id          bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login_id    varchar(100),
    citizen_id  varchar(36)  NOT NULL,
    not_before  timestamptz,
    reason      varchar(32)  NOT NULL,
    revoked_at  timestamptz  NOT NULL,
    CONSTRAINT token_revocation_kind_chk CHECK ((login_id IS NULL) <> (not_before IS NULL))
);
CREATE INDEX token_revocation_revoked_idx ON token_revocation (revoked_at);
