-- Token values are stored only as hashes (HashedTokenAuthorizationService): 'sha256:' and the
-- lowercase hex SHA-256 of the value's UTF-8 bytes, so that whoever reads the database or a backup
-- cannot present a citizen's refresh token or anyone's access token. The values stored in clear
-- before are hashed here into exactly the string the service computes for the token a client
-- presents, so the logins made before the upgrade go on. A value already hashed is left alone
-- (no token the authorization server generates contains a colon), a NULL stays NULL. One
-- statement, so each row is rewritten once; the hash indexes on the refresh and access token
-- columns follow the rows.
UPDATE oauth2_authorization SET
    authorization_code_value = CASE WHEN authorization_code_value LIKE 'sha256:%' THEN authorization_code_value
        ELSE 'sha256:' || encode(sha256(convert_to(authorization_code_value, 'UTF8')), 'hex') END,
    access_token_value = CASE WHEN access_token_value LIKE 'sha256:%' THEN access_token_value
        ELSE 'sha256:' || encode(sha256(convert_to(access_token_value, 'UTF8')), 'hex') END,
    oidc_id_token_value = CASE WHEN oidc_id_token_value LIKE 'sha256:%' THEN oidc_id_token_value
        ELSE 'sha256:' || encode(sha256(convert_to(oidc_id_token_value, 'UTF8')), 'hex') END,
    refresh_token_value = CASE WHEN refresh_token_value LIKE 'sha256:%' THEN refresh_token_value
        ELSE 'sha256:' || encode(sha256(convert_to(refresh_token_value, 'UTF8')), 'hex') END,
    user_code_value = CASE WHEN user_code_value LIKE 'sha256:%' THEN user_code_value
        ELSE 'sha256:' || encode(sha256(convert_to(user_code_value, 'UTF8')), 'hex') END,
    device_code_value = CASE WHEN device_code_value LIKE 'sha256:%' THEN device_code_value
        ELSE 'sha256:' || encode(sha256(convert_to(device_code_value, 'UTF8')), 'hex') END
WHERE authorization_code_value NOT LIKE 'sha256:%'
   OR access_token_value NOT LIKE 'sha256:%'
   OR oidc_id_token_value NOT LIKE 'sha256:%'
   OR refresh_token_value NOT LIKE 'sha256:%'
   OR user_code_value NOT LIKE 'sha256:%'
   OR device_code_value NOT LIKE 'sha256:%';
