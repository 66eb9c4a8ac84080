-- An erasure no longer deletes the number's OTP challenges: deleting them reset the send limits
-- (5 an hour per number, 30 s apart, a limit per client address), so register, erase, register
-- again gave one number unlimited OTPs. The challenges of the last hour keep their place in the
-- counts, but nothing of the person in clear: the number and the client address are replaced by
-- HMACs under a key derived from the OTP key (as mpin_failure keys its rows), the code's HMAC is
-- emptied and the challenge is used up. The send limits count a row by its clear value or by its
-- HMAC; older rows are deleted by the erasure, and these by the housekeeping with the rest.
ALTER TABLE otp_challenge
    ALTER COLUMN mobile_e164 DROP NOT NULL,
    ALTER COLUMN code_hmac DROP NOT NULL,
    ADD COLUMN mobile_hmac varchar(64),
    ADD COLUMN client_ip_hmac varchar(64),
    ADD CONSTRAINT otp_challenge_mobile_chk CHECK (mobile_e164 IS NOT NULL OR mobile_hmac IS NOT NULL);
CREATE INDEX otp_challenge_mobile_hmac_idx ON otp_challenge (mobile_hmac, created_at DESC)
    WHERE mobile_hmac IS NOT NULL;
CREATE INDEX otp_challenge_ip_hmac_idx ON otp_challenge (client_ip_hmac, created_at DESC)
    WHERE client_ip_hmac IS NOT NULL;
