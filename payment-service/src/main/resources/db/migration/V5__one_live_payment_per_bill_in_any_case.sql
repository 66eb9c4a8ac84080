-- One live payment per biller bill, whatever case the citizen typed the biller's code or the
-- consumer number in. catalog-service takes a service code in any case, and billers commonly take
-- alphanumeric consumer numbers (vehicle numbers for FASTag, say) in any case too, so
-- "bescom-bill" / "c13705758" reached the same bill as "BESCOM-BILL" / "C13705758": compared
-- exactly, the second spelling was another bill, and a citizen was charged twice for one bill (the
-- second payment refunded only when the biller refused it). Bills are kept under the catalogue's
-- spelling of the code from now on; rows kept before keep theirs, which this comparison covers.
-- (Two live payments of one bill in different case, if any exist, make this index fail to build:
-- that is the double charge to settle by hand before upgrading.)
drop index payment_one_live_per_bill;
create unique index payment_one_live_per_bill
    on payment (upper(service_code), upper(consumer_number), bill_number)
    where status in ('PENDING', 'SUCCESS');
