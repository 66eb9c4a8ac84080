-- The method the gateway reports the citizen paid with (UPI, CARD, NETBANKING), once it captured
-- the payment; method stays what the citizen chose at creation (part of the idempotent request).
-- The two differ when the citizen picks another method on the gateway's checkout page; the
-- receipt prints the method as paid.
alter table payment add column paid_method text check (paid_method in ('UPI', 'CARD', 'NETBANKING'));
