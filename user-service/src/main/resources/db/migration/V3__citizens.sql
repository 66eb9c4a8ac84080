-- Citizens, their one-time passwords, favourites and recent services, refresh-token reuse
-- detection and the erasure outbox.

-- The mobile number is stored normalised to E.164 (+919876543210) with a unique index, so a
-- login is one index lookup; it is never logged in clear. Erasure (DPDP Act) empties every
-- personal column and keeps the row as a pseudonymous id that payments may still reference.
CREATE TABLE citizen (
    id                   varchar(36)  PRIMARY KEY,
    mobile_e164          varchar(16),
    name                 varchar(100),
    email                varchar(254),
    gender               varchar(16),
    date_of_birth        date,
    preferred_language   varchar(2)   NOT NULL DEFAULT 'en',
    state                varchar(64),
    mpin_hash            varchar(200),
    failed_mpin_attempts integer      NOT NULL DEFAULT 0,
    locked_until         timestamptz,
    status               varchar(16)  NOT NULL DEFAULT 'ACTIVE',
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL,
    erased_at            timestamptz,
    CONSTRAINT citizen_status_chk CHECK (status IN ('ACTIVE', 'ERASED'))
);
CREATE UNIQUE INDEX citizen_mobile_idx ON citizen (mobile_e164) WHERE mobile_e164 IS NOT NULL;

-- One row per OTP sent. The code itself is never stored: only an HMAC-SHA256 with a server key.
-- Send limits (per mobile per hour, resend cooldown, per client IP) are counted here, under a
-- transaction-scoped advisory lock, so they hold across instances.
CREATE TABLE otp_challenge (
    id            varchar(36)  PRIMARY KEY,
    mobile_e164   varchar(16)  NOT NULL,
    purpose       varchar(16)  NOT NULL,
    code_hmac     varchar(64)  NOT NULL,
    client_ip     varchar(45),
    created_at    timestamptz  NOT NULL,
    expires_at    timestamptz  NOT NULL,
    failed_tries  integer      NOT NULL DEFAULT 0,
    consumed_at   timestamptz,
    CONSTRAINT otp_challenge_purpose_chk CHECK (purpose IN ('REGISTER', 'LOGIN', 'RESET_MPIN'))
);
CREATE INDEX otp_challenge_mobile_idx ON otp_challenge (mobile_e164, created_at DESC);
CREATE INDEX otp_challenge_ip_idx ON otp_challenge (client_ip, created_at DESC);
CREATE INDEX otp_challenge_created_idx ON otp_challenge (created_at);

CREATE TABLE favourite (
    citizen_id    varchar(36)  NOT NULL REFERENCES citizen (id) ON DELETE CASCADE,
    service_code  varchar(64)  NOT NULL,
    added_at      timestamptz  NOT NULL,
    PRIMARY KEY (citizen_id, service_code)
);

CREATE TABLE recent_service (
    citizen_id    varchar(36)  NOT NULL REFERENCES citizen (id) ON DELETE CASCADE,
    service_code  varchar(64)  NOT NULL,
    used_at       timestamptz  NOT NULL,
    PRIMARY KEY (citizen_id, service_code)
);
CREATE INDEX recent_service_citizen_idx ON recent_service (citizen_id, used_at DESC);

-- Refresh tokens that were rotated away, by SHA-256, with the login (authorization) they
-- belonged to: presenting one again is reuse, and revokes that login.
CREATE TABLE rotated_refresh_token (
    token_hash        varchar(64)  PRIMARY KEY,
    authorization_id  varchar(100) NOT NULL,
    rotated_at        timestamptz  NOT NULL
);
CREATE INDEX rotated_refresh_token_rotated_idx ON rotated_refresh_token (rotated_at);

-- Erasures still to be told to payment-service (which pseudonymises the citizen's payments);
-- retried with back-off until it answers, never failing the citizen's own erasure.
CREATE TABLE erasure_outbox (
    citizen_id       varchar(36)  PRIMARY KEY,
    created_at       timestamptz  NOT NULL,
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL,
    last_error       varchar(200),
    delivered_at     timestamptz
);
CREATE INDEX erasure_outbox_due_idx ON erasure_outbox (next_attempt_at) WHERE delivered_at IS NULL;
