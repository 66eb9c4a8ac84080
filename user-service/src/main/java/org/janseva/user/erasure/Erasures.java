package org.janseva.user.erasure;

import java.net.http.HttpClient;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.janseva.user.auth.Logins;
import org.janseva.user.auth.OtpService;
import org.janseva.user.citizen.AccountProblems;
import org.janseva.user.citizen.ActivityRepository;
import org.janseva.user.citizen.Citizen;
import org.janseva.user.citizen.CitizenRepository;
import org.janseva.user.citizen.MpinHasher;
import org.janseva.user.citizen.MpinLockout;
import org.janseva.user.citizen.MpinPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Account erasure under India's DPDP Act, asked for with the citizen's MPIN (checked under the
 * number's lockout). In one transaction: the citizen's personal data is
 * removed (the row stays as a pseudonymous id), favourites, recent services and the number's
 * wrong-MPIN count deleted, its OTP challenges stripped of the code, the number and the client
 * address (those of the last hour stay in the OTP send limits under HMACs, so that an erasure does
 * not give the number its sends back), every login ended and every access token already issued
 * revoked (the gateway refuses them from its next poll), and an outbox row written per service
 * that keeps something of the citizen: payment-service (which keeps payments but pseudonymises the
 * citizen reference) and catalog-service (which unlinks the citizen's ratings and drops their
 * comments). Each is then told from the outbox, retried with back-off for as long as it takes: a
 * service's absence never fails the citizen's erasure nor holds the other back.
 */
@Service
public class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);
    static final String PAYMENT_SERVICE = "payment-service";
    static final String CATALOG_SERVICE = "catalog-service";

    private final CitizenRepository citizens;
    private final ActivityRepository activity;
    private final MpinLockout lockout;
    private final MpinHasher hasher;
    private final OtpService otps;
    private final Logins logins;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SelfServiceToken serviceToken;
    private final ErasureProperties properties;
    private final Clock clock;
    private final Map<String, RestClient> targets;

    Erasures(
            CitizenRepository citizens,
            ActivityRepository activity,
            MpinLockout lockout,
            MpinHasher hasher,
            OtpService otps,
            Logins logins,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SelfServiceToken serviceToken,
            ErasureProperties properties,
            Clock clock) {
        this.citizens = citizens;
        this.activity = activity;
        this.lockout = lockout;
        this.hasher = hasher;
        this.otps = otps;
        this.logins = logins;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.serviceToken = serviceToken;
        this.properties = properties;
        this.clock = clock;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        factory.setReadTimeout(Duration.ofSeconds(5));
        this.targets = Map.of(
                PAYMENT_SERVICE,
                RestClient.builder()
                        .baseUrl(properties.paymentServiceUrl().toString())
                        .requestFactory(factory)
                        .build(),
                CATALOG_SERVICE,
                RestClient.builder()
                        .baseUrl(properties.catalogServiceUrl().toString())
                        .requestFactory(factory)
                        .build());
    }

    /**
     * Erases the citizen's account now, once their MPIN is proven again; the other services hear of
     * it from the outbox.
     *
     * <p>The MPIN is checked under the number's lockout as the old MPIN of an MPIN change is: a
     * bearer token alone (maybe leaked) erased the account for good. The account is read, the MPIN
     * checked (Argon2, which may wait for a slot), then the erasure's transaction locks the row
     * and confirms that the account still has the hash the MPIN was checked against: an MPIN reset
     * committed meanwhile makes the MPIN a wrong one.
     *
     * @param mpin the citizen's MPIN, as sent
     * @throws org.janseva.platform.web.ApiException 400 {@code VALIDATION_FAILED} on {@code mpin}
     *     when it is not 4 or 6 digits (not counted), 403 {@code INVALID_CREDENTIALS} when it is
     *     wrong (counted) or the MPIN was reset meanwhile, 423 {@code ACCOUNT_LOCKED} while the
     *     number is locked, 503 {@code LOGIN_BUSY} when no Argon2 slot frees up, 404 {@code
     *     CITIZEN_NOT_FOUND} when the account is erased already; nothing erased with any of them
     */
    public void erase(String citizenId, String mpin) {
        // no MPIN has another form: a bad field, not a wrong MPIN to count towards the lock
        if (!MpinPolicy.isWellFormed(mpin)) {
            throw AccountProblems.malformedMpin("mpin");
        }
        Citizen checked = citizens.findActiveById(citizenId).orElseThrow(AccountProblems::notFound);
        lockout.verify(
                checked.mobileE164(), () -> hasher.matches(mpin, checked.mpinHash()), AccountProblems::wrongMpin);
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            // first in the transaction, the row is locked: a login being saved share-locks it, so
            // it commits before (and is ended below) or waits and finds the account erased
            Citizen citizen = citizens.lockActiveById(citizenId).orElseThrow(AccountProblems::notFound);
            if (!checked.mpinHash().equals(citizen.mpinHash())) {
                throw AccountProblems.wrongMpin();
            }
            String mobile = citizen.mobileE164();
            if (!citizens.erase(citizenId, now)) {
                throw AccountProblems.notFound();
            }
            activity.forget(citizenId);
            lockout.clear(mobile);
            otps.forgetNumber(mobile);
            for (String target : List.of(PAYMENT_SERVICE, CATALOG_SERVICE)) {
                jdbc.sql("insert into erasure_outbox (citizen_id, target, created_at, next_attempt_at)"
                                + " values (?, ?, ?, ?) on conflict do nothing")
                        .params(citizenId, target, Timestamp.from(now), Timestamp.from(now))
                        .update();
            }
            // last: it holds the revocation writers' lock until the commit
            logins.endAllLoginsOfErasedAccount(citizenId);
        });
        log.info("Citizen {} erased", citizenId);
    }

    /** Delivers due erasures to the services; each instance takes different rows. */
    @Scheduled(fixedDelayString = "${platform.user.erasure.poll-interval:5s}")
    public void deliverDue() {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            List<Due> due = jdbc.sql("""
                            select citizen_id, target, attempts from erasure_outbox
                            where delivered_at is null and next_attempt_at <= ?
                            order by next_attempt_at limit 20 for update skip locked
                            """)
                    .param(Timestamp.from(now))
                    .query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getInt(3)))
                    .list();
            for (Due row : due) {
                String error = deliver(row.target(), row.citizenId());
                if (error == null) {
                    jdbc.sql("update erasure_outbox set delivered_at = ?, attempts = attempts + 1, last_error = null "
                                    + "where citizen_id = ? and target = ?")
                            .params(Timestamp.from(clock.instant()), row.citizenId(), row.target())
                            .update();
                } else {
                    Duration wait = backoff(row.attempts());
                    jdbc.sql("update erasure_outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                                    + "where citizen_id = ? and target = ?")
                            .params(error, Timestamp.from(clock.instant().plus(wait)), row.citizenId(), row.target())
                            .update();
                    log.warn(
                            "{} was not told of erasure {} ({}); next try in {}",
                            row.target(),
                            row.citizenId(),
                            error,
                            wait);
                }
            }
        });
    }

    private record Due(String citizenId, String target, int attempts) {}

    private String deliver(String target, String citizenId) {
        RestClient client = targets.get(target);
        if (client == null) {
            return "unknown target";
        }
        try {
            client.post()
                    .uri("/internal/v1/citizens/{citizenId}/erasure", citizenId)
                    .headers(h -> h.setBearerAuth(serviceToken.get()))
                    .retrieve()
                    .toBodilessEntity();
            return null;
        } catch (RestClientResponseException ex) {
            return "HTTP " + ex.getStatusCode().value();
        } catch (RestClientException ex) {
            return "unreachable";
        }
    }

    Duration backoff(int failures) {
        Duration wait = properties.firstRetry().multipliedBy(1L << Math.min(failures, 20));
        return wait.compareTo(properties.maxRetry()) > 0 ? properties.maxRetry() : wait;
    }
}
