package org.janseva.user.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.janseva.user.citizen.AccountProblems;
import org.janseva.user.citizen.CitizenRepository;
import org.janseva.user.citizen.HmacSha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues and checks one-time passwords: 6 digits from {@link SecureRandom}, stored only as an
 * HMAC bound to the challenge and the mobile, valid 5 minutes, single use, dead after 3 wrong
 * tries. Sends are limited per mobile (5 an hour, 30 s apart) and per client address; the counts
 * live in PostgreSQL under an advisory lock per client address and one per mobile (taken in that
 * order), so the limits hold under concurrency and across instances.
 *
 * <p>A LOGIN or RESET_MPIN code for a mobile without an account is "issued" like any other (same
 * answer, same limits) but never sent: the answer does not reveal who is registered. Nor does its
 * timing: the request only records the code and queues it ({@link SmsQueue}) for every number;
 * whether the number has an account, and the call to the SMS gateway, happen on a sender thread
 * that the answer does not wait for. A
 * REGISTER code goes to every number, so it is sent while the citizen waits, and a gateway that
 * refuses it is answered with 503 {@code SMS_UNAVAILABLE} (the attempt does not count against the
 * limits). A LOGIN or RESET_MPIN code that fails in the background is logged and counted, and
 * counts against the limits like a withheld one: the citizen asks again after the cooldown.
 *
 * <p>An erasure does not give a number its sends back ({@link #forgetNumber}): its challenges of
 * the last hour stay in the counts under HMACs of the number and the client address.
 */
@Service
public class OtpService {

    /**
     * An OTP sent (or not, see above).
     *
     * @param otpRef the challenge to quote with the code
     * @param expiresInSeconds its validity
     * @param resendAfterSeconds when another may be asked for
     */
    public record Issued(String otpRef, long expiresInSeconds, long resendAfterSeconds) {}

    private enum Outcome {
        OK,
        INVALID,
        EXPIRED,
        EXHAUSTED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Challenge(
            String mobile, String purpose, String codeHmac, Instant expiresAt, int failedTries, boolean consumed) {}

    private static final Logger log = LoggerFactory.getLogger(OtpService.class);
    private static final Duration WINDOW = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final OtpProperties properties;
    private final CitizenRepository citizens;
    private final SmsGateway sms;
    private final SmsQueue queue;
    private final MessageSource messages;
    private final Clock clock;
    private final SecureRandom random;
    private final HmacSha256 hmacKey;
    private final HmacSha256 erasedKey;
    private final MeterRegistry meters;

    OtpService(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            OtpProperties properties,
            CitizenRepository citizens,
            SmsGateway sms,
            SmsQueue queue,
            MessageSource messages,
            Clock clock,
            SecureRandom random,
            MeterRegistry meters) {
        if (properties.hmacSecret() == null || properties.hmacSecret().length() < 16) {
            throw new IllegalStateException(
                    "platform.user.otp.hmac-secret must be set (at least 16 characters; USER_OTP_HMAC_SECRET)");
        }
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.citizens = citizens;
        this.sms = sms;
        this.queue = queue;
        this.messages = messages;
        this.clock = clock;
        this.random = random;
        this.hmacKey = new HmacSha256(properties.hmacSecret());
        // a key of its own for the numbers and addresses of erased accounts' challenges
        this.erasedKey = hmacKey.derive("janseva otp-erased key");
        this.meters = meters;
        // every outcome from the start: a rate over a series that appears only on the first
        // failure shows no data, and an alert on it cannot fire until then
        for (String outcome : List.of("sent", "withheld", "refused", "sms_failed")) {
            meters.counter("janseva.otp.sends", "outcome", outcome);
        }
        for (Outcome outcome : Outcome.values()) {
            meters.counter("janseva.otp.verifications", "outcome", outcome.tag());
        }
    }

    /**
     * @param mobileE164 the number to send to
     * @param purpose what the code is for
     * @param clientIp the requester's address, for the per-address limit (may be null)
     * @param language the language of the text the client asked for, or {@code null} for the
     *     citizen's preferred language (English for a REGISTER code: there is no citizen yet)
     * @return the challenge
     */
    public Issued issue(String mobileE164, OtpPurpose purpose, String clientIp, String language) {
        String otpRef = UUID.randomUUID().toString();
        String code = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
        Instant now = clock.instant();
        try {
            transactions.executeWithoutResult(status -> {
                // the limits are counted, then the challenge inserted: one send per address and per
                // mobile at a time (the address first, always), else parallel sends for different
                // numbers from one address all counted below the limit and all went
                if (clientIp != null) {
                    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 8))")
                            .param(clientIp)
                            .query()
                            .singleRow();
                }
                jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 7))")
                        .param(mobileE164)
                        .query()
                        .singleRow();
                enforceLimits(mobileE164, clientIp, now);
                jdbc.sql("""
                                insert into otp_challenge (id, mobile_e164, purpose, code_hmac, client_ip, created_at,
                                    expires_at) values (?, ?, ?, ?, ?, ?, ?)
                                """)
                        .params(
                                otpRef,
                                mobileE164,
                                purpose.name(),
                                hmac(otpRef, mobileE164, code),
                                clientIp,
                                Timestamp.from(now),
                                Timestamp.from(now.plus(properties.validity())))
                        .update();
            });
        } catch (RuntimeException ex) {
            count("refused");
            throw ex;
        }
        if (purpose == OtpPurpose.REGISTER) {
            // every number gets a REGISTER code: sending it now tells nothing about who is registered
            if (!sms.send(mobileE164, text(code, language == null ? "en" : language))) {
                // nothing reached the citizen: the attempt does not count against their limits
                jdbc.sql("delete from otp_challenge where id = ?").param(otpRef).update();
                count("sms_failed");
                throw AccountProblems.smsUnavailable();
            }
            count("sent");
        } else if (!queue.submit(() -> sendIfRegistered(mobileE164, code, language))) {
            log.warn("The SMS queue is full: an OTP was dropped");
            count("sms_failed");
        }
        return new Issued(
                otpRef,
                properties.validity().toSeconds(),
                properties.resendCooldown().toSeconds());
    }

    /**
     * A LOGIN or RESET_MPIN code, on a sender thread that the citizen's answer does not wait for:
     * sent when the number has an account, withheld otherwise. A failure is counted and logged (by the gateway)
     * only; the code stays on the number's limits, as a withheld one does, since giving it back
     * would tell the two apart.
     */
    private void sendIfRegistered(String mobileE164, String code, String language) {
        Optional<String> preferred = citizens.preferredLanguageOfActive(mobileE164);
        if (preferred.isEmpty()) {
            count("withheld");
            return;
        }
        count(sms.send(mobileE164, text(code, language != null ? language : preferred.get())) ? "sent" : "sms_failed");
    }

    /**
     * The minutes go in as text: as a number, the message format writes them in the locale's own
     * digits for as, bn and mr ("৫ মিনিট") beside a code in Latin digits.
     */
    private String text(String code, String language) {
        return messages.getMessage(
                "otp.text",
                new Object[] {code, Long.toString(properties.validity().toMinutes())},
                Locale.forLanguageTag(language));
    }

    /**
     * Checks a code and uses it up; a wrong code counts against its tries.
     *
     * @throws org.janseva.platform.web.ApiException 401 {@code OTP_INVALID}, {@code OTP_EXPIRED}
     *     or {@code OTP_TRIES_EXCEEDED}
     */
    public void verify(String otpRef, String mobileE164, Set<OtpPurpose> purposes, String code) {
        Outcome outcome = transactions.execute(status -> check(otpRef, mobileE164, purposes, code));
        meters.counter("janseva.otp.verifications", "outcome", outcome.tag()).increment();
        switch (outcome) {
            case OK -> {}
            case EXPIRED -> throw AccountProblems.otpExpired();
            case EXHAUSTED -> throw AccountProblems.otpTriesExhausted();
            default -> throw AccountProblems.otpInvalid();
        }
    }

    private Outcome check(String otpRef, String mobileE164, Set<OtpPurpose> purposes, String code) {
        if (otpRef == null || otpRef.length() > 36) {
            return Outcome.INVALID;
        }
        Challenge challenge = jdbc.sql("""
                        select mobile_e164, purpose, code_hmac, expires_at, failed_tries, consumed_at is not null
                        from otp_challenge where id = ? for update
                        """)
                .param(otpRef)
                .query((rs, n) -> new Challenge(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getInt(5),
                        rs.getBoolean(6)))
                .optional()
                .orElse(null);
        if (challenge == null
                || challenge.consumed()
                || challenge.codeHmac() == null
                || !mobileE164.equals(challenge.mobile())
                || purposes.stream().noneMatch(p -> p.name().equals(challenge.purpose()))) {
            return Outcome.INVALID;
        }
        if (challenge.failedTries() >= properties.maxTries()) {
            return Outcome.EXHAUSTED;
        }
        if (!challenge.expiresAt().isAfter(clock.instant())) {
            return Outcome.EXPIRED;
        }
        boolean right = code != null
                && code.matches("\\d{6}")
                && MessageDigest.isEqual(
                        hmac(otpRef, mobileE164, code).getBytes(StandardCharsets.US_ASCII),
                        challenge.codeHmac().getBytes(StandardCharsets.US_ASCII));
        if (!right) {
            jdbc.sql("update otp_challenge set failed_tries = failed_tries + 1 where id = ?")
                    .param(otpRef)
                    .update();
            return challenge.failedTries() + 1 >= properties.maxTries() ? Outcome.EXHAUSTED : Outcome.INVALID;
        }
        jdbc.sql("update otp_challenge set consumed_at = ? where id = ?")
                .params(Timestamp.from(clock.instant()), otpRef)
                .update();
        return Outcome.OK;
    }

    private void enforceLimits(String mobileE164, String clientIp, Instant now) {
        Timestamp windowStart = Timestamp.from(now.minus(WINDOW));
        record Sends(int count, Timestamp oldest, Timestamp newest) {}
        // a challenge counts by its number, or by the number's HMAC once its account was erased
        Sends sends = jdbc.sql("select count(*), min(created_at), max(created_at) from otp_challenge "
                        + "where (mobile_e164 = ? or mobile_hmac = ?) and created_at > ?")
                .params(mobileE164, erasedKey.hex(mobileE164), windowStart)
                .query((rs, n) -> new Sends(rs.getInt(1), rs.getTimestamp(2), rs.getTimestamp(3)))
                .single();
        if (sends.newest() != null) {
            Instant allowedAt = sends.newest().toInstant().plus(properties.resendCooldown());
            if (allowedAt.isAfter(now)) {
                throw AccountProblems.tooManyRequests(
                        "OTP_RESEND_TOO_SOON",
                        "An OTP was sent moments ago; wait before asking for another.",
                        Duration.between(now, allowedAt).plusSeconds(1));
            }
        }
        if (sends.count() >= properties.sendsPerMobilePerHour()) {
            Instant allowedAt = sends.oldest().toInstant().plus(WINDOW);
            throw AccountProblems.tooManyRequests(
                    "OTP_SEND_LIMIT",
                    "Too many OTPs were sent to this mobile number in the last hour.",
                    Duration.between(now, allowedAt).plusSeconds(1));
        }
        if (clientIp != null) {
            int fromIp = jdbc.sql("select count(*) from otp_challenge "
                            + "where (client_ip = ? or client_ip_hmac = ?) and created_at > ?")
                    .params(clientIp, erasedKey.hex(clientIp), windowStart)
                    .query(Integer.class)
                    .single();
            if (fromIp >= properties.sendsPerIpPerHour()) {
                throw AccountProblems.tooManyRequests(
                        "OTP_ADDRESS_LIMIT", "Too many OTPs were requested from this network; try later.", WINDOW);
            }
        }
    }

    /**
     * An account is being erased (call it in the erasure's transaction): the number's challenges
     * keep their place in the send limits without anything of the person in clear. Those of the
     * last hour, which the limits count, lose their code's HMAC and are used up, and their number
     * and client address are replaced by HMACs under a key of their own, which the limits count
     * alike; older ones are deleted. Deleting them all gave the number its sends back: register,
     * erase, register again sent one number OTPs without end.
     */
    public void forgetNumber(String mobileE164) {
        // one send for the number at a time: one being counted now is rewritten here, or waits
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 7))")
                .param(mobileE164)
                .query()
                .singleRow();
        Instant now = clock.instant();
        jdbc.sql("delete from otp_challenge where mobile_e164 = ? and created_at <= ?")
                .params(mobileE164, Timestamp.from(now.minus(WINDOW)))
                .update();
        record Counted(String id, String clientIp) {}
        List<Counted> counted = jdbc.sql("select id, client_ip from otp_challenge where mobile_e164 = ? for update")
                .param(mobileE164)
                .query((rs, n) -> new Counted(rs.getString(1), rs.getString(2)))
                .list();
        for (Counted row : counted) {
            jdbc.sql("""
                            update otp_challenge set mobile_e164 = null, mobile_hmac = ?, client_ip = null,
                                client_ip_hmac = ?, code_hmac = null, consumed_at = coalesce(consumed_at, ?)
                            where id = ?
                            """)
                    .params(
                            erasedKey.hex(mobileE164),
                            row.clientIp() == null ? null : erasedKey.hex(row.clientIp()),
                            Timestamp.from(now),
                            row.id())
                    .update();
        }
    }

    private String hmac(String otpRef, String mobileE164, String code) {
        return hmacKey.hex(otpRef + '\n' + mobileE164 + '\n' + code);
    }

    private void count(String outcome) {
        meters.counter("janseva.otp.sends", "outcome", outcome).increment();
    }
}
