package org.janseva.payment.payment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.janseva.payment.bill.Bill;
import org.janseva.payment.bill.BillRepository;
import org.janseva.payment.catalog.CatalogClient;
import org.janseva.payment.erasure.ErasedCitizens;
import org.janseva.payment.gateway.GatewayOrder;
import org.janseva.payment.gateway.GatewayUnavailableException;
import org.janseva.payment.gateway.OrderRequest;
import org.janseva.payment.gateway.PaymentGateway;
import org.janseva.payment.gateway.PaymentGateways;
import org.janseva.payment.ledger.Ledger;
import org.janseva.payment.ledger.Posting;
import org.janseva.payment.money.Money;
import org.janseva.payment.system.PaymentMetrics;
import org.janseva.payment.system.PaymentProperties;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a payment exactly once per idempotency key.
 *
 * <ol>
 *   <li>One transaction claims the key ({@code INSERT ... ON CONFLICT DO NOTHING}, never
 *       select-then-insert), checks the bill under a row lock, and writes the payment, its
 *       INITIATED ledger posting and a CREATE_ORDER outbox row. A second request with the key
 *       waits on the claim's index entry until that commits, then sees the record: the stored
 *       answer (a replay), "in progress", or another body's hash.
 *   <li>Outside any transaction, the gateway order is created (idempotent by the payment id).
 *   <li>One statement stores the order on the payment, removes the outbox row and stores the
 *       answer as the key's first answer.
 * </ol>
 *
 * If the process dies between 1 and 3, the outbox row is still there: the outbox worker creates
 * the order and stores the answer, and a retry with the key gets it.
 */
@Service
public class PaymentCreationService {

    private static final Logger log = LoggerFactory.getLogger(PaymentCreationService.class);

    /** 1 to 64 printable ASCII characters, not only spaces. */
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,64}");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final BillRepository bills;
    private final PaymentRepository payments;
    private final Ledger ledger;
    private final PaymentGateways gateways;
    private final CatalogClient catalog;
    private final ErasedCitizens erased;
    private final PaymentProperties properties;
    private final PaymentMetrics metrics;
    private final JsonMapper json;
    private final Clock clock;
    private final org.janseva.payment.system.Ids ids;

    PaymentCreationService(
            JdbcClient jdbc,
            TransactionTemplate tx,
            BillRepository bills,
            PaymentRepository payments,
            Ledger ledger,
            PaymentGateways gateways,
            CatalogClient catalog,
            ErasedCitizens erased,
            PaymentProperties properties,
            PaymentMetrics metrics,
            JsonMapper json,
            Clock clock,
            org.janseva.payment.system.Ids ids) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.bills = bills;
        this.payments = payments;
        this.ledger = ledger;
        this.gateways = gateways;
        this.catalog = catalog;
        this.erased = erased;
        this.properties = properties;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.ids = ids;
    }

    private static ApiException invalidKey(String message) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The Idempotency-Key header is required, once: 1 to 64 printable characters.")
                .withProperty("errors", List.of(new FieldErrorView("Idempotency-Key", message)));
    }

    private sealed interface Claim permits Created, Existing {}

    private record Created(Payment payment) implements Claim {}

    private record Existing(StoredAnswer answer) implements Claim {}

    /**
     * @param citizen the caller
     * @param idempotencyKeys every {@code Idempotency-Key} header of the request, in order: exactly
     *     one is taken. Two are refused rather than joined (Spring joins repeated headers with a
     *     comma, and "a,b" would be a key the client never sent, which a retry carrying either
     *     would not match)
     * @param request the payment
     * @return the answer to give: a new payment (201), or the key's first answer replayed
     */
    StoredAnswer create(String citizen, List<String> idempotencyKeys, CreatePaymentRequest request) {
        if (idempotencyKeys.size() > 1) {
            throw invalidKey("must be sent once");
        }
        String idempotencyKey = idempotencyKeys.isEmpty() ? null : idempotencyKeys.get(0);
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches() || idempotencyKey.isBlank()) {
            throw invalidKey(idempotencyKey == null ? "header is required" : "must be 1-64 printable characters");
        }
        BigDecimal amount = new BigDecimal(request.amount().value()).setScale(2);
        byte[] hash = hash(request.billId(), amount, request.amount().currency(), request.method());
        // PostgreSQL keeps microseconds: the stored answer and later reads show the same instant
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        PaymentGateway gateway = gateways.current();
        requirePublishedBiller(citizen, idempotencyKey, request.billId());
        Claim claim;
        try {
            claim = tx.execute(
                    status -> claimAndCreate(citizen, idempotencyKey, hash, request, amount, gateway.name(), now));
        } catch (DuplicateKeyException ex) {
            // another citizen's payment of the same biller bill won the race (payment_one_live_per_bill)
            throw paymentInProgress();
        }
        if (claim instanceof Existing existing) {
            return existing.answer();
        }
        Payment payment = ((Created) claim).payment();
        metrics.status("PENDING", payment.method());
        GatewayOrder order;
        try {
            order = gateway.createOrder(new OrderRequest(payment.id(), payment.amount(), Money.INR, payment.method()));
        } catch (GatewayUnavailableException ex) {
            log.warn("Order creation for {} failed; the outbox retries it: {}", payment.id(), ex.getMessage());
            jdbc.sql("update outbox set available_at = ?, attempts = attempts + 1, last_error = ?"
                            + " where payment_id = ? and kind = 'CREATE_ORDER'")
                    .params(utc(clock.instant().plus(properties.outbox().baseBackoff())), ex.getMessage(), payment.id())
                    .update();
            throw new ApiException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "PAYMENT_GATEWAY_UNAVAILABLE",
                            "Payment gateway unavailable",
                            "The payment gateway cannot be reached now. Retry with the same Idempotency-Key;"
                                    + " you will not be charged twice.")
                    .withHeader("Retry-After", "2");
        }
        return completeCheckout(payment, order);
    }

    /**
     * A new payment is only made for a biller catalog-service still publishes as a utility
     * biller's service ({@link CatalogClient#requirePublishedBiller}): a bill kept before its
     * biller was suspended, or of a service that is no biller's, could be paid, but never confirmed
     * to the biller. Asked before the
     * key is claimed, outside any transaction, so that a refusal (404 SERVICE_NOT_FOUND, 503 when
     * catalog-service cannot say) stores nothing and leaves the key unused. A key that has a
     * record already is not asked about: its request gets the first answer (or 409/422) as ever,
     * even once the biller is suspended. A bill that is not the citizen's is left to the claim's
     * BILL_NOT_FOUND.
     */
    private void requirePublishedBiller(String citizen, String key, String billId) {
        boolean keyUsed = jdbc.sql(
                        "select exists (select 1 from idempotency_record where citizen_ref = ? and idem_key = ?)")
                .params(citizen, key)
                .query(Boolean.class)
                .single();
        if (keyUsed) {
            return;
        }
        bills.find(billId, citizen).ifPresent(bill -> catalog.requirePublishedBiller(bill.serviceCode()));
    }

    private Claim claimAndCreate(
            String citizen,
            String key,
            byte[] hash,
            CreatePaymentRequest request,
            BigDecimal amount,
            String gateway,
            Instant now) {
        String paymentId = ids.next("pay");
        // the claim, and in the same statement the existing record when it was committed before
        // this statement began (a replay then costs one statement)
        ClaimRow row = jdbc.sql("with ins as (insert into idempotency_record (citizen_ref, idem_key, request_hash,"
                        + " payment_id, created_at, expires_at) values (:citizen, :key, :hash, :payment, :now, :expires)"
                        + " on conflict do nothing returning 1)"
                        + " select exists (select 1 from ins), r.request_hash, r.payment_id, r.response_status,"
                        + " r.response_body from (values (1)) v left join idempotency_record r"
                        + " on r.citizen_ref = :citizen and r.idem_key = :key")
                .param("citizen", citizen)
                .param("key", key)
                .param("hash", hash)
                .param("payment", paymentId)
                .param("now", utc(now))
                .param("expires", utc(now.plus(properties.idempotencyRetention())))
                .query((rs, i) -> new ClaimRow(
                        rs.getBoolean(1),
                        new Row(rs.getBytes(2), rs.getString(3), (Integer) rs.getObject(4), rs.getString(5))))
                .single();
        if (!row.claimed()) {
            // committed by a concurrent request while this one waited on it: read it now
            return new Existing(
                    existing(row.existing().hash() != null ? row.existing() : readRecord(citizen, key), hash));
        }
        // the bill's row lock also orders this against the citizen's erasure, which pseudonymises
        // the bills first (ErasedCitizens): an erased citizen has no bill left, so only then is
        // asked why, at no cost to a payment of a bill that is there
        Bill bill = bills.lock(request.billId(), citizen)
                .orElseThrow(() -> erased.isErased(citizen)
                        ? ErasedCitizens.accountDeleted()
                        : new ApiException(
                                HttpStatus.NOT_FOUND,
                                "BILL_NOT_FOUND",
                                "Bill not found",
                                "No such bill for this citizen."));
        // a bill is PAID exactly when a SUCCESS payment of its biller bill exists (BillRepository):
        // this one read answers both BILL_ALREADY_PAID and PAYMENT_IN_PROGRESS
        // one live payment per biller bill (payment_one_live_per_bill); a SUCCESS one first regardless
        Optional<LivePayment> live = jdbc.sql(
                        "select id, status, citizen_ref from payment where upper(service_code) = upper(?)"
                                + " and upper(consumer_number) = upper(?) and bill_number = ?"
                                + " and status in ('PENDING', 'SUCCESS') order by status = 'SUCCESS' desc limit 1")
                .params(bill.serviceCode(), bill.consumerNumber(), bill.billNumber())
                .query((rs, i) -> new LivePayment(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
        if (live.isPresent()) {
            LivePayment payment = live.get();
            ApiException refusal = payment.status().equals("SUCCESS") ? billAlreadyPaid() : paymentInProgress();
            // the citizen's own payment is named, so that the app can show its receipt or reopen
            // its checkout (GET /api/v1/payments/{id}); another citizen's is not
            throw payment.citizen().equals(citizen) ? refusal.withProperty("paymentId", payment.id()) : refusal;
        }
        if (bill.amount().compareTo(amount) != 0) {
            throw new ApiException(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "AMOUNT_MISMATCH",
                            "Amount mismatch",
                            "The amount must equal the bill's amount.")
                    .withProperty("billAmount", Money.inr(bill.amount()));
        }
        jdbc.sql("insert into payment (id, citizen_ref, idem_key, bill_id, service_code, consumer_number, bill_number,"
                        + " amount, currency, method, status, gateway, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, 'INR', ?, 'PENDING', ?, ?, ?)")
                .params(
                        paymentId,
                        citizen,
                        key,
                        bill.id(),
                        bill.serviceCode(),
                        bill.consumerNumber(),
                        bill.billNumber(),
                        amount,
                        request.method(),
                        gateway,
                        utc(now),
                        utc(now))
                .update();
        ledger.post(paymentId, Posting.INITIATED, amount, now);
        jdbc.sql("insert into outbox (payment_id, kind, available_at, created_at) values (?, 'CREATE_ORDER', ?, ?)")
                .params(paymentId, utc(now.plus(properties.orderCreationLease())), utc(now))
                .update();
        return new Created(new Payment(
                paymentId,
                citizen,
                key,
                bill.id(),
                bill.serviceCode(),
                bill.consumerNumber(),
                bill.billNumber(),
                amount,
                request.method(),
                null,
                "PENDING",
                null,
                null,
                null,
                gateway,
                null,
                null,
                null,
                null,
                now,
                now,
                null));
    }

    private record Row(byte[] hash, String paymentId, Integer status, String body) {}

    private record ClaimRow(boolean claimed, Row existing) {}

    private Row readRecord(String citizen, String key) {
        return jdbc.sql("select request_hash, payment_id, response_status, response_body from idempotency_record"
                        + " where citizen_ref = ? and idem_key = ?")
                .params(citizen, key)
                .query((rs, i) -> new Row(rs.getBytes(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4)))
                .single();
    }

    private StoredAnswer existing(Row row, byte[] hash) {
        if (!MessageDigest.isEqual(row.hash(), hash)) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "IDEMPOTENCY_KEY_REUSED",
                    "Idempotency key reused",
                    "This Idempotency-Key was used with another request body; use a new key for a new payment.");
        }
        if (row.status() == null) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            "IDEMPOTENCY_IN_PROGRESS",
                            "Request in progress",
                            "The first request with this Idempotency-Key is still being processed; retry shortly.")
                    .withHeader(
                            "Retry-After",
                            Long.toString(Math.max(
                                    1, properties.inProgressRetryAfter().toSeconds())));
        }
        return new StoredAnswer(row.status(), row.body(), row.paymentId(), true);
    }

    /**
     * Stores the gateway order on the payment and the first answer on its idempotency record, and
     * drops the CREATE_ORDER outbox row, in one statement. Called by the request that created the
     * payment and by the outbox worker when that request did not finish.
     *
     * @return the first answer of the payment's key
     */
    public StoredAnswer completeCheckout(Payment payment, GatewayOrder order) {
        PaymentCreatedView view = new PaymentCreatedView(
                payment.id(),
                "PENDING",
                payment.billId(),
                Money.inr(payment.amount()),
                payment.method(),
                new PaymentView.CheckoutView(order.orderId(), order.checkoutUrl()),
                payment.createdAt());
        String body = json.writeValueAsString(view);
        Instant now = clock.instant();
        Integer updated = jdbc.sql("with p as (update payment set gateway_order_id = :order, checkout_url = :url,"
                        + " updated_at = :now where id = :id and status = 'PENDING' and gateway_order_id is null"
                        + " returning id),"
                        + " o as (delete from outbox where payment_id = :id and kind = 'CREATE_ORDER'"
                        + " and exists (select 1 from p)),"
                        + " i as (update idempotency_record set response_status = 201, response_body = :body,"
                        + " completed_at = :now where citizen_ref = :citizen and idem_key = :key"
                        + " and response_status is null and exists (select 1 from p))"
                        + " select count(*)::int from p")
                .params(Map.of(
                        "order", order.orderId(),
                        "url", order.checkoutUrl(),
                        "now", utc(now),
                        "id", payment.id(),
                        "body", body,
                        "citizen", payment.citizenRef(),
                        "key", payment.idemKey()))
                .query(Integer.class)
                .single();
        if (updated == 0) {
            // completed by someone else meanwhile (the outbox worker, or the request itself)
            return jdbc.sql("select response_status, response_body from idempotency_record"
                            + " where citizen_ref = ? and idem_key = ?")
                    .params(payment.citizenRef(), payment.idemKey())
                    .query((rs, i) -> new StoredAnswer(
                            rs.getObject(1) == null ? 201 : rs.getInt(1),
                            rs.getString(2) == null ? body : rs.getString(2),
                            payment.id(),
                            false))
                    .optional()
                    .orElse(new StoredAnswer(201, body, payment.id(), false));
        }
        return new StoredAnswer(201, body, payment.id(), false);
    }

    /** A PENDING or SUCCESS payment of the biller bill being paid. */
    private record LivePayment(String id, String status, String citizen) {}

    private static ApiException billAlreadyPaid() {
        return new ApiException(
                HttpStatus.CONFLICT, "BILL_ALREADY_PAID", "Bill already paid", "This bill has been paid already.");
    }

    private static ApiException paymentInProgress() {
        return new ApiException(
                        HttpStatus.CONFLICT,
                        "PAYMENT_IN_PROGRESS",
                        "Payment in progress",
                        "A payment of this bill is not finished yet; wait for its outcome before paying again.")
                .withHeader("Retry-After", "30");
    }

    static byte[] hash(String billId, BigDecimal amount, String currency, String method) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String canonical = billId + "\n" + amount.toPlainString() + "\n" + currency + "\n" + method;
            return digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
