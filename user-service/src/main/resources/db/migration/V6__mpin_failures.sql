-- Wrong MPINs in a row, counted per mobile number for every number tried, with an account or
-- without: the lockout (423 ACCOUNT_LOCKED after the fifth) then answers alike for both and does
-- not tell which numbers are registered. The key is an HMAC of the E.164 number under a key
-- derived from the MPIN pepper, so that the numbers of people who never registered are not kept
-- in clear (a plain hash of ten digits is reversed by trying them all). A row is deleted by a
-- right MPIN, an OTP login, an MPIN change or reset, a registration and an erasure, and by the
-- hourly housekeeping once its last failure is older than platform.user.mpin.forget-failures-after
-- and no lock runs, so that the table does not grow with every number ever tried.
CREATE TABLE mpin_failure (
    mobile_hmac     varchar(64)  PRIMARY KEY,
    failures        integer      NOT NULL,
    locked_until    timestamptz,
    last_failed_at  timestamptz  NOT NULL
);
CREATE INDEX mpin_failure_last_failed_idx ON mpin_failure (last_failed_at);

-- The per-account count it replaces (a lock running at the upgrade is lifted).
ALTER TABLE citizen DROP COLUMN failed_mpin_attempts, DROP COLUMN locked_until;
