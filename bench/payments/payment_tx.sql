-- pgbench: the SQL of one payment creation, statement for statement as payment-service issues it
-- (PaymentCreationService): transaction 1 claims the key and writes the payment, its INITIATED
-- ledger posting and the CREATE_ORDER outbox row under the bill's row lock; statement 2 (one
-- autocommit statement) stores the gateway order and the first answer. The bill comes from a
-- sequence over bills seeded for pgbench (payment-service gets it from the request body).
\set hash_seed random(1, 1000000000)
BEGIN;
SELECT nextval('pgbench_bill_seq') AS n \gset
INSERT INTO idempotency_record (citizen_ref, idem_key, request_hash, payment_id, created_at, expires_at)
  VALUES ('pgbench-citizen', 'pgb-' || :n, sha256(('pgb_bill_' || :n || :hash_seed)::bytea), 'pgb_pay_' || :n, now(), now() + interval '48 hours')
  ON CONFLICT DO NOTHING;
SELECT id, citizen_ref, service_code, biller_name, consumer_number, customer_name, bill_number, bill_date, due_date, amount, biller_reference, status
  FROM bill WHERE id = 'pgb_bill_' || :n AND citizen_ref = 'pgbench-citizen' FOR UPDATE;
SELECT status FROM payment WHERE service_code = 'PGBENCH' AND consumer_number = 'PC' || :n AND bill_number = 'PB' || :n
  AND status IN ('PENDING', 'SUCCESS');
INSERT INTO payment (id, citizen_ref, idem_key, bill_id, service_code, consumer_number, bill_number, amount, currency, method, status, gateway, created_at, updated_at)
  VALUES ('pgb_pay_' || :n, 'pgbench-citizen', 'pgb-' || :n, 'pgb_bill_' || :n, 'PGBENCH', 'PC' || :n, 'PB' || :n, 499.00, 'INR', 'UPI', 'PENDING', 'pg', now(), now());
INSERT INTO ledger_entry (posting_id, payment_id, account, amount, kind, created_at)
  VALUES ('pst_pgb_' || :n, 'pgb_pay_' || :n, 'CITIZEN', -499.00, 'INITIATED', now()),
         ('pst_pgb_' || :n, 'pgb_pay_' || :n, 'GATEWAY_PENDING', 499.00, 'INITIATED', now());
INSERT INTO outbox (payment_id, kind, available_at, created_at) VALUES ('pgb_pay_' || :n, 'CREATE_ORDER', now() + interval '30 seconds', now());
COMMIT;
WITH p AS (UPDATE payment SET gateway_order_id = 'order_pgb_' || :n, checkout_url = 'http://127.0.0.1/pg/checkout/order_pgb_' || :n, updated_at = now()
             WHERE id = 'pgb_pay_' || :n AND status = 'PENDING' AND gateway_order_id IS NULL RETURNING id),
     o AS (DELETE FROM outbox WHERE payment_id = 'pgb_pay_' || :n AND kind = 'CREATE_ORDER' AND EXISTS (SELECT 1 FROM p)),
     i AS (UPDATE idempotency_record SET response_status = 201,
             response_body = '{"paymentId":"pgb_pay_' || :n || '","status":"PENDING","billId":"pgb_bill_' || :n || '","amount":{"value":"499.00","currency":"INR"},"method":"UPI","checkout":{"orderId":"order_pgb_' || :n || '","url":"http://127.0.0.1/pg/checkout/order_pgb_' || :n || '"},"createdAt":"2026-11-29T10:00:00Z"}',
             completed_at = now()
           WHERE citizen_ref = 'pgbench-citizen' AND idem_key = 'pgb-' || :n AND response_status IS NULL AND EXISTS (SELECT 1 FROM p))
SELECT count(*)::int FROM p;
