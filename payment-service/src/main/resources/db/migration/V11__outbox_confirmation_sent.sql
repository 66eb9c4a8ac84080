-- sent_at: when the outbox worker last sent a CONFIRM_BILLER on to catalog-service, marked with
-- the payment locked just before the call. From then on the biller may have taken the payment,
-- while the answer is on its way and after one that never came (a timeout): a refund at the
-- gateway of the payment meanwhile leaves the biller's outcome unknown (billerStatus PENDING, a
-- REFUNDED_BILLER_OUTCOME_UNKNOWN finding), never "not told" (FAILED). Null: never sent. Rows from
-- before it have only last_error to tell that an attempt was made.
alter table outbox add column sent_at timestamptz;
