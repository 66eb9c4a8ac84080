#!/usr/bin/env bash
# A bill payment end to end through the gateway of a running local platform
# (./platform.sh up): register a citizen (OTP from the simulator's SMS outbox), fetch a bill
# through catalog-service's biller adapter, pay it with an Idempotency-Key, replay the request,
# pay on the simulator's checkout, wait for SUCCESS/CONFIRMED, download the receipt.
#
#   PLATFORM_PORT_OFFSET=400 SERVICE=BESCOM-BILL bench/payments/journey.sh
set -euo pipefail
OFFSET=${PLATFORM_PORT_OFFSET:-0}
G="http://localhost:$((8080 + OFFSET))"
SIM="http://localhost:$((8090 + OFFSET))"
SERVICE=${SERVICE:-BESCOM-BILL}
# a fresh consumer each run: the platform remembers bills paid before (409 BILL_ALREADY_PAID)
CONSUMER=${CONSUMER:-$(python3 -c "import random; print(random.randint(1000000000, 9999999999))")}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

MOBILE="9$(python3 -c 'import random; print(random.randint(100000000, 999999999))')"
REF=$(curl -fsS -X POST "$G/api/v1/auth/otp" -H 'Content-Type: application/json' \
  -d "{\"mobile\":\"$MOBILE\",\"purpose\":\"REGISTER\"}" | json "['otpRef']")
sleep 1
OTP=$(curl -fsS "$SIM/sms/outbox?mobile=$MOBILE" | grep -oP '\b\d{6}\b' | head -1)
TOKEN=$(curl -fsS -X POST "$G/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"mobile\":\"$MOBILE\",\"otpRef\":\"$REF\",\"otp\":\"$OTP\",\"mpin\":\"482916\",\"name\":\"Journey Test\"}" \
  | json "['access_token']")
AUTH="Authorization: Bearer $TOKEN"
echo "citizen registered (mobile ******${MOBILE: -4})"

BILL=$(curl -fsS -X POST "$G/api/v1/bills/fetch" -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"serviceCode\":\"$SERVICE\",\"params\":{\"consumerNumber\":\"$CONSUMER\"}}")
echo "bill: $BILL"
BILL_ID=$(echo "$BILL" | json "['billId']")
AMOUNT=$(echo "$BILL" | json "['amount']['value']")
KEY=$(python3 -c 'import uuid; print(uuid.uuid4())')
BODY="{\"billId\":\"$BILL_ID\",\"amount\":{\"value\":\"$AMOUNT\",\"currency\":\"INR\"},\"method\":\"UPI\"}"
CREATED=$(curl -fsS -X POST "$G/api/v1/payments" -H "$AUTH" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: $KEY" -d "$BODY")
echo "created: $CREATED"
REPLAY=$(curl -fsS -D - -o /dev/null -X POST "$G/api/v1/payments" -H "$AUTH" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: $KEY" -d "$BODY" | grep -i 'idempotent-replayed' | tr -d '\r')
echo "replayed: $REPLAY"
PAYMENT_ID=$(echo "$CREATED" | json "['paymentId']")
ORDER_ID=$(echo "$CREATED" | json "['checkout']['orderId']")
curl -fsS -X POST "$SIM/pg/orders/$ORDER_ID/complete" -H 'Content-Type: application/json' \
  -d '{"outcome":"SUCCESS","method":"UPI"}' > /dev/null
for _ in $(seq 1 60); do
  STATE=$(curl -fsS "$G/api/v1/payments/$PAYMENT_ID" -H "$AUTH")
  [ "$(echo "$STATE" | json "['status'] + '/' + d.get('billerStatus', '-')")" = "SUCCESS/CONFIRMED" ] && break
  sleep 0.5
done
echo "payment: $STATE"
curl -fsS -o "receipt-$PAYMENT_ID.pdf" "$G/api/v1/payments/$PAYMENT_ID/receipt" -H "$AUTH"
echo "receipt: receipt-$PAYMENT_ID.pdf"
