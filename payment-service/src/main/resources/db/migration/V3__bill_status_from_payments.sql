-- A bill's status is read from the payments of its biller bill (service_code, consumer_number,
-- bill_number: PAID while one is SUCCESS, through payment_one_live_per_bill), not stored per
-- row: each citizen keeps a row of the same biller bill, and the stored copy was only ever set
-- on the payer's, so another citizen's row said UNPAID while paying it answered
-- BILL_ALREADY_PAID.
alter table bill drop column status;
