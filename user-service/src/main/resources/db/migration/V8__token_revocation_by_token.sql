-- A row may also revoke one access token by its jti (token_id): a revocation through the
-- authorization server's POST /oauth2/revoke (RFC 7009) of an access token, which may belong to a
-- machine client (no login, no sid) or to a login that goes on. Exactly one of login_id,
-- not_before and token_id says what a row revokes. citizen_id holds the token's subject: a
-- citizen's id, or for a machine client its client id.
ALTER TABLE token_revocation ADD COLUMN token_id varchar(100);
ALTER TABLE token_revocation ALTER COLUMN citizen_id TYPE varchar(100);
ALTER TABLE token_revocation DROP CONSTRAINT token_revocation_kind_chk;
ALTER TABLE token_revocation ADD CONSTRAINT token_revocation_kind_chk
    CHECK (num_nonnulls(login_id, not_before, token_id) = 1);
