#!/usr/bin/env bash
# Scale-out on one machine: runs two instances of catalog-service and payment-service behind two
# gateways (each route load-balanced over both instances, rate limits in Redis), next to one
# user-service, the simulator and one PostgreSQL, then checks what makes replicas safe
# (docs/deployment.md, "Scale-out on one machine"):
#
#   a. rate limits are shared through Redis: one caller's requests, alternating between the two
#      gateways, are refused at the platform's limit, not at twice it
#   b. load balancing: both catalog and both payment instances serve requests from the gateways
#   c. idempotent payments across instances: a payment made on one payment instance is replayed by
#      the other (same answer, Idempotent-Replayed: true), also when both get it at once, and
#      there is one payment row per key
#   d. the reconciliation job runs on one instance at a time: while one holds its advisory lock
#      the other skips its round, and the payment gateway never sees two runs at once
#   e. a service published on one catalog instance is served by the other within seconds
#
#   ops/scale-out/run.sh     build if needed, start everything, check, stop everything; the exit
#                            status is 0 only when every check passes
#
# Everything it starts is stopped when it ends, however it ends. Logs stay in var/scale-out/log.
#
# Environment:
#   SCALE_OUT_PORT_OFFSET   added to the platform's ports (default 700): gateway 8780, catalog
#                           8781, user 8782, payment 8783, simulator 8790, PostgreSQL 16132; the
#                           second instances 50 above (gateway-2 8830, catalog-2 8831, payment-2 8833)
#   DB_HOST, DB_PORT, DB_USER, DB_PASSWORD   an existing PostgreSQL instead of the embedded one
#                           (as for platform.sh); the embedded one starts empty at every run
#   REDIS_HOST, REDIS_PORT  the Redis of the rate limits (default localhost:6379)
#   SCALE_OUT_REDIS_DATABASE  its database number (default 7: apart from other gateways' buckets)
#   PLATFORM_START_TIMEOUT  seconds to wait for all processes to be healthy (default 600)
#   JAVA_HOME, JAVA_OPTS    as for platform.sh (JAVA_OPTS default: C1 only)
set -euo pipefail

# read by platform.sh when sourced below
# shellcheck disable=SC2034
PLATFORM_PORT_OFFSET=${SCALE_OUT_PORT_OFFSET:-700}
PLATFORM_START_TIMEOUT=${PLATFORM_START_TIMEOUT:-600}
# eight JVMs start at once: C1 only (TieredStopAtLevel=1) saves much of their start-up CPU
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED"}
# platform.sh's functions: build_if_needed, start_postgres, service_env, start_service,
# wait_healthy, down
# shellcheck source-path=SCRIPTDIR source=../../platform.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/platform.sh"

VAR="$ROOT/var/scale-out"
LOG_DIR="$VAR/log"
RUN_DIR="$VAR/run"
SERVICES=(simulator user catalog catalog-2 payment payment-2 gateway gateway-2)
REDIS_HOST=${REDIS_HOST:-localhost}
REDIS_PORT=${REDIS_PORT:-6379}
REDIS_DATABASE=${SCALE_OUT_REDIS_DATABASE:-7}

# the limit of a signed-in caller for the run, small so that check a is quick
RATE=1
BURST=10
# the reconciliation rounds (check d): every 500 ms on each payment instance, settling payments
# pending for over a second; the payment gateway answers after PG_LATENCY_MS during the check
RECONCILIATION_INTERVAL=500ms
PG_LATENCY_MS=1000
RECONCILIATION_WINDOW=10

url() { echo "http://127.0.0.1:$(port_of "$1")"; }
GW1=$(url gateway)
GW2=$(url gateway-2)
CAT1=$(url catalog)
CAT2=$(url catalog-2)
PAY1=$(url payment)
PAY2=$(url payment-2)
SIM=$(url simulator)

# ---------------------------------------------------------------- helpers
JQ=$(command -v jq || true)
TMP="$VAR/tmp"
FAILURES=0
SUMMARY=()

step() { printf '\n== %s\n' "$*"; }
evidence() { printf '      %s\n' "$*"; }
pass() { SUMMARY+=("PASS  $1"); printf 'PASS  %s\n' "$1"; }
failed() { SUMMARY+=("FAIL  $1"); printf 'FAIL  %s\n' "$1"; FAILURES=$((FAILURES + 1)); }
# a check's outcome: verdict "what was checked" CONDITION...
verdict() { local what=$1; shift; if "$@"; then pass "$what"; else failed "$what"; fi; }
# a step the checks cannot go on without
die() { printf 'FAIL  %s\n' "$*"; [ -z "${BODY:-}" ] || evidence "last answer: ${STATUS:-} $BODY"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
digits() { local n=$1 out=""; while [ ${#out} -lt "$n" ]; do out+=$((RANDOM % 10)); done; echo "$out"; }

# call METHOD URL [curl options...]: sets STATUS, BODY and HEADERS; an HTTP error is no failure
call() {
  local method=$1 url=$2
  shift 2
  STATUS=$(curl -sS -m 30 -X "$method" -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' "$@" "$url" \
    2> "$TMP/curl-error") || STATUS=000
  BODY=$(cat "$TMP/body" 2> /dev/null || true)
  HEADERS=$(tr -d '\r' < "$TMP/headers" 2> /dev/null || true)
  rm -f "$TMP/body" "$TMP/headers"
}

# header NAME: a header of the last answer
header() { printf '%s\n' "$HEADERS" | awk -v h="$1" 'tolower($1) == tolower(h) ":" {print $2}' | tail -n 1; }

# field NAME [JSON]: the first value of the key NAME at any depth of JSON (default: the last
# answer's body), with jq when present, otherwise by pattern (enough for these answers)
field() {
  local json=${2-$BODY}
  if [ -n "$JQ" ]; then
    printf '%s' "$json" | jq -r --arg k "$1" \
      'first(.. | objects | select(has($k)) | .[$k]) | if type == "string" then . else tojson end' 2> /dev/null || true
  else
    printf '%s' "$json" | grep -oE "\"$1\" *: *(\"[^\"]*\"|-?[0-9.]+|true|false|null)" | head -n 1 \
      | sed -E 's/^"[^"]*" *: *//; s/^"//; s/"$//'
  fi
}

# same_json A B: whether two JSON documents are equal (key order aside when jq is present)
same_json() {
  if [ -n "$JQ" ]; then
    [ "$(printf '%s' "$1" | jq -S -c .)" = "$(printf '%s' "$2" | jq -S -c .)" ]
  else
    [ "$1" = "$2" ]
  fi
}

# metric BASE-URL NAME [TEXT]: the sum of the samples of metric NAME whose labels contain TEXT
metric() {
  curl -fsS -m 10 "$1/actuator/prometheus" | awk -v n="$2" -v t="${3:-}" '
    (index($0, n "{") == 1 || index($0, n " ") == 1) && (t == "" || index($0, t) > 0) { s += $NF }
    END { printf "%d\n", s }'
}

# poll SECONDS COMMAND...: runs COMMAND every 100 ms until it succeeds; fails after SECONDS
poll() {
  local deadline=$(($(now_ms) + $1 * 1000))
  shift
  until "$@"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# sql STATEMENT: one value from the payments database, when psql is installed
sql() {
  PGPASSWORD=${DB_PASSWORD:-} psql -h "${DB_HOST:-127.0.0.1}" -p "$DB_SERVER_PORT" \
    -U "${DB_USER:-postgres}" -d payments -tAq -c "$1"
}

# ---------------------------------------------------------------- the citizen of the checks
JSON=(-H 'Content-Type: application/json')

otp_arrived() {
  call GET "$SIM/sms/outbox?mobile=$MOBILE"
  OTP=$(printf '%s' "$BODY" | grep -oE '"text" *: *"[0-9]{6}' | head -n 1 | grep -oE '[0-9]{6}$' || true)
  [ -n "$OTP" ]
}

# registers a new citizen through gateway 1 (API.md, "Auth and accounts"): TOKEN, AUTH
register_citizen() {
  step "A citizen registers through gateway 1 (OTP from the simulator's SMS outbox)"
  MOBILE=9$(digits 9)
  call POST "$GW1/api/v1/auth/otp" "${JSON[@]}" -d "{\"mobile\":\"$MOBILE\",\"purpose\":\"REGISTER\"}"
  [ "$STATUS" = 202 ] || die "OTP request: expected 202"
  local ref
  ref=$(field otpRef)
  poll 20 otp_arrived || die "no OTP in the simulator's SMS outbox within 20 s"
  call POST "$GW1/api/v1/auth/register" "${JSON[@]}" -d "{\"mobile\":\"$MOBILE\",\"otpRef\":\"$ref\",\
\"otp\":\"$OTP\",\"mpin\":\"482916\",\"name\":\"Scale-out Check\"}"
  [ "$STATUS" = 201 ] || die "registration: expected 201"
  TOKEN=$(field access_token)
  AUTH=(-H "Authorization: Bearer $TOKEN")
  CITIZEN_ID=$(field id)
  evidence "citizen $CITIZEN_ID registered (mobile ******${MOBILE: -4})"
}

# ---------------------------------------------------------------- b. load balancing
CATALOG_STATS='uri="/api/v1/catalog/stats"'
PAYMENT_LIST='uri="/api/v1/payments"'

check_load_balancing() {
  step "b. Load balancing: each gateway spreads a route over both instances"
  local c1 c2 p1 p2 i gateway sent_c=0 sent_p=0 codes=""
  c1=$(metric "$CAT1" http_server_requests_seconds_count "$CATALOG_STATS")
  c2=$(metric "$CAT2" http_server_requests_seconds_count "$CATALOG_STATS")
  p1=$(metric "$PAY1" http_server_requests_seconds_count "$PAYMENT_LIST")
  p2=$(metric "$PAY2" http_server_requests_seconds_count "$PAYMENT_LIST")
  for i in 1 2 3 4 5 6 7 8 9 10; do
    for gateway in "$GW1" "$GW2"; do
      call GET "$gateway/api/v1/catalog/stats"
      codes+=" $STATUS"
      sent_c=$((sent_c + 1))
    done
  done
  # the citizen's own payments (none yet): 4 of the caller's 10 tokens, refilled before check a
  for i in 1 2; do
    for gateway in "$GW1" "$GW2"; do
      call GET "$gateway/api/v1/payments?size=1" "${AUTH[@]}"
      codes+=" $STATUS"
      sent_p=$((sent_p + 1))
    done
  done
  c1=$(($(metric "$CAT1" http_server_requests_seconds_count "$CATALOG_STATS") - c1))
  c2=$(($(metric "$CAT2" http_server_requests_seconds_count "$CATALOG_STATS") - c2))
  p1=$(($(metric "$PAY1" http_server_requests_seconds_count "$PAYMENT_LIST") - p1))
  p2=$(($(metric "$PAY2" http_server_requests_seconds_count "$PAYMENT_LIST") - p2))
  evidence "GET /api/v1/catalog/stats x $sent_c, alternating gateway 1 and 2: catalog-1 served $c1, catalog-2 served $c2"
  evidence "GET /api/v1/payments x $sent_p, alternating gateway 1 and 2: payment-1 served $p1, payment-2 served $p2"
  evidence "(counts from each instance's http_server_requests_seconds_count; answers:$(echo "${codes# }" | tr ' ' '\n' | sort | uniq -c | awk '{printf " %s x %s", $1, $2}'))"
  verdict "b. both catalog and both payment instances served requests from the gateways" \
    test "$c1" -gt 0 -a "$c2" -gt 0 -a $((c1 + c2)) -eq "$sent_c" \
    -a "$p1" -gt 0 -a "$p2" -gt 0 -a $((p1 + p2)) -eq "$sent_p"
}

# ---------------------------------------------------------------- c. idempotent payments
# fetch_bill: a new bill (a fresh consumer number) through gateway 1: BILL_ID, AMOUNT
fetch_bill() {
  call POST "$GW1/api/v1/bills/fetch" "${AUTH[@]}" "${JSON[@]}" \
    -d "{\"serviceCode\":\"BESCOM-BILL\",\"params\":{\"consumerNumber\":\"$(digits 10)\"}}"
  [ "$STATUS" = 200 ] || die "bill fetch: expected 200"
  BILL_ID=$(field billId)
  AMOUNT=$(field value)
}

payment_body() { echo "{\"billId\":\"$BILL_ID\",\"amount\":{\"value\":\"$AMOUNT\",\"currency\":\"INR\"},\"method\":\"UPI\"}"; }

# payment_rows KEY: the payments made with this Idempotency-Key, from the database with psql,
# else the citizen's payments of the bill (each bill is paid with one key here)
payment_rows() {
  if command -v psql > /dev/null; then
    sql "select count(*) from payment where idem_key = '$1'"
  else
    call GET "$PAY2/api/v1/payments?size=100" "${AUTH[@]}"
    printf '%s' "$BODY" | grep -oE "\"billId\" *: *\"$BILL_ID\"" | wc -l | tr -d ' '
  fi
}

check_idempotency() {
  step "c. Idempotent payments across instances"
  fetch_bill
  evidence "bill $BILL_ID fetched through gateway 1: INR $AMOUNT"
  local key body s1 b1 r1 s2 b2 r2 id1 id2 rows
  key="scale-out-$(date +%s)-$(digits 6)"
  body=$(payment_body)
  call POST "$PAY1/api/v1/payments" "${AUTH[@]}" "${JSON[@]}" -H "Idempotency-Key: $key" -d "$body"
  s1=$STATUS b1=$BODY r1=$(header Idempotent-Replayed) id1=$(field paymentId)
  call POST "$PAY2/api/v1/payments" "${AUTH[@]}" "${JSON[@]}" -H "Idempotency-Key: $key" -d "$body"
  s2=$STATUS b2=$BODY r2=$(header Idempotent-Replayed) id2=$(field paymentId)
  rows=$(payment_rows "$key")
  evidence "payment-1: $s1, paymentId $id1, Idempotent-Replayed: ${r1:-(absent)}"
  evidence "payment-2, same key and body: $s2, paymentId $id2, Idempotent-Replayed: ${r2:-(absent)};" \
    "same body: $(same_json "$b1" "$b2" && echo yes || echo no)"
  evidence "payment rows with this key: $rows"
  local ok=false
  if [ "$s1" = 201 ] && [ -z "$r1" ] && [ "$s2" = 201 ] && [ "$r2" = true ] && [ -n "$id1" ] \
    && [ "$id1" = "$id2" ] && same_json "$b1" "$b2" && [ "$rows" = 1 ]; then ok=true; fi
  verdict "c. the same Idempotency-Key on the other payment instance replays the first answer, one payment" $ok

  # both instances at the same instant: one creates, the other replays it (or answers 409
  # IDEMPOTENCY_IN_PROGRESS if the first has not committed yet); never two payments
  fetch_bill
  key="scale-out-$(date +%s)-$(digits 6)"
  body=$(payment_body)
  local instance answers
  for instance in 1 2; do
    local base=$PAY1
    [ $instance = 1 ] || base=$PAY2
    curl -sS -m 30 -o "$TMP/race-$instance.body" -D "$TMP/race-$instance.headers" -w '%{http_code}' \
      "${AUTH[@]}" "${JSON[@]}" -H "Idempotency-Key: $key" -d "$body" "$base/api/v1/payments" \
      > "$TMP/race-$instance.status" 2> /dev/null &
  done
  wait
  answers=""
  for instance in 1 2; do
    answers+=" $(cat "$TMP/race-$instance.status")"
    if grep -qi '^idempotent-replayed: *true' "$TMP/race-$instance.headers"; then answers+="-replayed"; fi
    if grep -q IDEMPOTENCY_IN_PROGRESS "$TMP/race-$instance.body"; then answers+="-in-progress"; fi
  done
  answers=${answers# }
  rows=$(payment_rows "$key")
  evidence "a new key sent to payment-1 and payment-2 at once: answers $answers; payment rows with it: $rows"
  ok=false
  case "$answers" in
    "201 201-replayed" | "201-replayed 201" | "201 409-in-progress" | "409-in-progress 201")
      [ "$rows" != 1 ] || ok=true
      ;;
  esac
  verdict "c. the same key sent to both payment instances at once makes one payment" $ok
  PAYMENTS_CREATED_MS=$(now_ms)
}

# ---------------------------------------------------------------- d. reconciliation
RUNS=janseva_payments_reconciliation_runs_total

check_reconciliation() {
  step "d. The reconciliation job runs on one payment instance at a time"
  # the payments of check c are PENDING (never paid at the checkout): every round asks the payment
  # gateway for their status once it has been pending for the 1 s of settle-after
  local wait_ms=$((PAYMENTS_CREATED_MS + 1500 - $(now_ms)))
  [ "$wait_ms" -le 0 ] || sleep "$(awk -v ms="$wait_ms" 'BEGIN {printf "%.3f", ms / 1000}')"
  # a slow payment gateway makes each round last seconds, so that rounds of the two instances
  # fall due while the other one runs
  call DELETE "$SIM/faults/pg/stats"
  call PUT "$SIM/faults/pg" "${JSON[@]}" -d "{\"latencyMs\":$PG_LATENCY_MS}"
  [ "$STATUS" = 200 ] || die "could not slow down the simulator's payment gateway"
  local c1 s1 c2 s2 calls most
  c1=$(metric "$PAY1" "$RUNS" 'result="completed"') s1=$(metric "$PAY1" "$RUNS" 'result="skipped"')
  c2=$(metric "$PAY2" "$RUNS" 'result="completed"') s2=$(metric "$PAY2" "$RUNS" 'result="skipped"')
  sleep "$RECONCILIATION_WINDOW"
  c1=$(($(metric "$PAY1" "$RUNS" 'result="completed"') - c1)) s1=$(($(metric "$PAY1" "$RUNS" 'result="skipped"') - s1))
  c2=$(($(metric "$PAY2" "$RUNS" 'result="completed"') - c2)) s2=$(($(metric "$PAY2" "$RUNS" 'result="skipped"') - s2))
  call GET "$SIM/faults/pg/stats"
  calls=$(field calls) most=$(field maxInFlight)
  call DELETE "$SIM/faults/pg"
  evidence "in ${RECONCILIATION_WINDOW} s, rounds due every $RECONCILIATION_INTERVAL on each instance, the payment gateway answering in $PG_LATENCY_MS ms:"
  evidence "payment-1 ran $c1 rounds and skipped $s1; payment-2 ran $c2 and skipped $s2 (the lock was held by the other)"
  evidence "the payment gateway got $calls calls meanwhile, at most $most at a time"
  evidence "(counts from janseva_payments_reconciliation_runs_total{result} and the simulator's /faults/pg/stats)"
  verdict "d. each reconciliation round ran on one instance while the other skipped it" \
    test $((c1 + s1)) -gt 0 -a $((c2 + s2)) -gt 0 -a $((c1 + c2)) -gt 0 -a $((s1 + s2)) -gt 0 \
    -a "${calls:-0}" -gt 0 -a "${most:-2}" -eq 1
}

# ---------------------------------------------------------------- e. publication
served_on_catalog_2() {
  call GET "$CAT2/api/v1/catalog/services/$SERVICE_CODE"
  [ "$STATUS" = 200 ]
}

check_publication() {
  step "e. A service published on catalog-1 is served by catalog-2"
  # the admin client of local runs (API.md, "Department onboarding")
  call POST "$GW1/oauth2/token" -u platform-admin:local-admin-secret \
    -d grant_type=client_credentials -d scope=admin
  [ "$STATUS" = 200 ] || die "admin token: expected 200"
  local admin department draft published t0 t1
  admin=(-H "Authorization: Bearer $(field access_token)")
  department="SCALE-$(date +%H%M%S)-$(digits 3)"
  SERVICE_CODE="$department-STATUS"
  # a rest-json department answered by the simulator, and a DRAFT service with one operation
  call POST "$CAT1/api/v1/admin/departments" "${admin[@]}" "${JSON[@]}" -d "{\"code\":\"$department\",
    \"name\":{\"en\":\"Scale-out Check Department\"},\"type\":\"CENTRAL\",
    \"adapter\":{\"type\":\"rest-json\",\"baseUrl\":\"$SIM/departments/$department\",\"timeoutMs\":2000,
      \"maxConcurrentCalls\":5}}"
  [ "$STATUS" = 201 ] || die "department on catalog-1: expected 201"
  call POST "$CAT1/api/v1/admin/departments/$department/services" "${admin[@]}" "${JSON[@]}" -d "{
    \"code\":\"$SERVICE_CODE\",\"name\":{\"en\":\"Application status $SERVICE_CODE\"},
    \"description\":{\"en\":\"Where an application stands.\"},\"category\":\"transport\",
    \"channels\":[\"android\",\"ios\",\"web\"],\"countries\":[\"IN\"],
    \"operations\":[{\"code\":\"application-status\",\"name\":{\"en\":\"Application status\"},
      \"method\":\"POST\",\"path\":\"/v1/applications/status\",
      \"inputSchema\":{\"type\":\"object\",\"required\":[\"applicationNumber\"],\"additionalProperties\":false,
        \"properties\":{\"applicationNumber\":{\"type\":\"string\",\"pattern\":\"^[A-Z0-9]{6,20}\$\",
          \"title\":\"Application number\",\"examples\":[\"APP20260001\"]}}},
      \"idempotent\":true}]}"
  [ "$STATUS" = 201 ] || die "DRAFT service on catalog-1: expected 201"
  evidence "department $department and DRAFT service $SERVICE_CODE created on catalog-1"
  served_on_catalog_2 && draft=$STATUS || draft=$STATUS
  evidence "catalog-2 before publication: $draft"
  t0=$(now_ms)
  call PATCH "$CAT1/api/v1/admin/services/$SERVICE_CODE" "${admin[@]}" "${JSON[@]}" -d '{"status":"PUBLISHED"}'
  published=$STATUS
  evidence "published on catalog-1: $published"
  if poll 30 served_on_catalog_2; then
    t1=$(now_ms)
    evidence "catalog-2 serves it $((t1 - t0)) ms after the publication on catalog-1 (it checks every 2 s)"
  else
    evidence "catalog-2 still answers $STATUS 30 s after the publication"
  fi
  verdict "e. the publication on catalog-1 is visible on catalog-2 within seconds" \
    test "$draft" = 404 -a "$published" = 200 -a "$STATUS" = 200
}

# ---------------------------------------------------------------- a. rate limits
check_rate_limits() {
  step "a. Rate limits shared through Redis"
  # one curl sends them all, one after the other on kept-alive connections: a request takes
  # milliseconds, so that the bucket barely refills while they run
  local n=$((3 * BURST)) i requests=() answers t0 elapsed
  for ((i = 1; i <= n; i++)); do
    if ((i % 2)); then requests+=(-o "$TMP/limit-$i" "$GW1/api/v1/catalog/stats?gateway=1")
    else requests+=(-o "$TMP/limit-$i" "$GW2/api/v1/catalog/stats?gateway=2"); fi
  done
  t0=$(now_ms)
  answers=$(curl -sS -m 60 "${AUTH[@]}" \
    -w '%{http_code} %{url_effective} %header{ratelimit-limit} %header{ratelimit-remaining}\n' "${requests[@]}" \
    | sed -E 's/ http[^ ]*gateway=([12])/ \1/')
  elapsed=$(($(now_ms) - t0))
  # "200 1 10 9": status, gateway, RateLimit-Limit, RateLimit-Remaining
  local limit allowed1 allowed2 refused1 refused2 first_refused remaining unlabelled total
  limit=$(echo "$answers" | awk 'NR == 1 {print $3}')
  allowed1=$(echo "$answers" | awk '$1 == 200 && $2 == 1' | wc -l)
  allowed2=$(echo "$answers" | awk '$1 == 200 && $2 == 2' | wc -l)
  refused1=$(echo "$answers" | awk '$1 == 429 && $2 == 1' | wc -l)
  refused2=$(echo "$answers" | awk '$1 == 429 && $2 == 2' | wc -l)
  first_refused=$(echo "$answers" | awk '$1 == 429 {print NR; exit}')
  remaining=$(echo "$answers" | awk '$1 == 200 {printf " %s", $4}')
  # every refusal is the platform's problem document
  unlabelled=$(($(echo "$answers" | awk '$1 != 200' | wc -l) - $(grep -l RATE_LIMITED "$TMP"/limit-* 2> /dev/null | wc -l)))
  total=$((allowed1 + allowed2))
  # one shared bucket lets through its burst plus what refills while the requests run (Redis's
  # script refills by whole seconds); one bucket per gateway would let through twice the burst
  local most=$((BURST + RATE * (elapsed / 1000 + 2)))
  evidence "the limit of a signed-in caller: $RATE request/s, bursts of $BURST (RateLimit-Limit: ${limit:-?})"
  evidence "$n requests of one citizen in $elapsed ms, alternating gateway 1 and 2:" \
    "$total allowed (gateway 1: $allowed1, gateway 2: $allowed2)," \
    "$((refused1 + refused2)) refused with 429 RATE_LIMITED (gateway 1: $refused1, gateway 2: $refused2)," \
    "the first at request ${first_refused:-none}"
  evidence "RateLimit-Remaining of the allowed ones, in order:$remaining"
  evidence "one bucket for both gateways allows at most $most here; a bucket per gateway would allow $((2 * BURST))"
  if command -v redis-cli > /dev/null; then
    local key
    for key in $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DATABASE" --scan --pattern "*sub:$CITIZEN_ID*"); do
      evidence "Redis (database $REDIS_DATABASE): $key = $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DATABASE" get "$key")"
    done
  fi
  verdict "a. one caller's limit holds across both gateways (429 at the platform's limit, not at twice it)" \
    test "${limit:-0}" = "$BURST" -a "$total" -ge "$BURST" -a "$total" -le "$most" -a "$total" -lt $((2 * BURST)) \
    -a "$refused1" -gt 0 -a "$refused2" -gt 0 -a "$unlabelled" -eq 0
}

# ---------------------------------------------------------------- start and stop
STARTED=0

# stops everything this run started (platform.sh's down, on our pid files), then makes sure
cleanup() {
  local status=$? pids pid left=""
  trap - EXIT INT TERM
  if [ "$STARTED" = 1 ]; then
    step "Stopping everything this run started"
    pids=$(cat "$RUN_DIR"/*.pid 2> /dev/null || true)
    [ ! -f "$VAR/pgdata/postmaster.pid" ] || pids+=" $(head -n 1 "$VAR/pgdata/postmaster.pid")"
    down | sed 's/^/      /'
    for pid in $pids; do
      # a process caught between its fork and its exec when the run was interrupted
      if kill -0 "$pid" 2> /dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -q '\.jar'; then
        stop_pid "process $pid" "$pid"
      fi
      # PostgreSQL's server may take a while to finish its shutdown checkpoint on a busy machine
      poll 30 eval "! kill -0 $pid 2> /dev/null" || left+=" $pid"
    done
    if [ -n "$left" ]; then
      printf 'FAIL  still running after the stop:%s\n' "$left"
      status=1
    else
      evidence "all $(echo "$pids" | wc -w) processes stopped; logs in $(rel "$LOG_DIR")"
    fi
  fi
  exit "$status"
}

start_all() {
  step "Starting 2 gateways, 2 catalog-service, 2 payment-service, user-service, the simulator"
  local instances=(
    "--spring.cloud.discovery.client.simple.instances.catalog-service[0].uri=$CAT1"
    "--spring.cloud.discovery.client.simple.instances.catalog-service[1].uri=$CAT2"
    "--spring.cloud.discovery.client.simple.instances.payment-service[0].uri=$PAY1"
    "--spring.cloud.discovery.client.simple.instances.payment-service[1].uri=$PAY2"
  )
  local gateway=(
    --platform.services.catalog=lb://catalog-service
    --platform.services.payment=lb://payment-service
    "${instances[@]}"
    --platform.gateway.rate-limit.redis=true
    --platform.gateway.rate-limit.authenticated-rate="$RATE"
    --platform.gateway.rate-limit.authenticated-burst="$BURST"
    --spring.data.redis.host="$REDIS_HOST"
    --spring.data.redis.port="$REDIS_PORT"
    --spring.data.redis.database="$REDIS_DATABASE"
  )
  # five services with a pool each on one PostgreSQL: smaller pools than a single run's
  local pool=--spring.datasource.hikari.maximum-pool-size=10
  local payment=(
    "$pool"
    --platform.payment.reconciliation.interval="$RECONCILIATION_INTERVAL"
    --platform.payment.settle-after=1s
  )
  local t0=$SECONDS
  start_postgres
  start_service simulator
  start_service user "$pool"
  start_service catalog "$pool"
  start_service catalog-2 "$pool"
  start_service payment "${payment[@]}"
  # each payment instance fetches bills through its own catalog instance
  start_service payment-2 "${payment[@]}" --platform.services.catalog="$CAT2"
  start_service gateway "${gateway[@]}"
  start_service gateway-2 "${gateway[@]}"
  say "Waiting until all are healthy (at most ${TIMEOUT}s) ..."
  wait_healthy
  say "All healthy in $((SECONDS - t0))s."
}

main() {
  local t0=$SECONDS
  command -v curl > /dev/null || fail "curl is needed"
  (exec 3<> "/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2> /dev/null \
    || fail "no Redis at $REDIS_HOST:$REDIS_PORT (the gateways' shared rate limits need one)"
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  for name in postgres "${SERVICES[@]}"; do
    [ -z "$(running_pid "$name")" ] || fail "a previous run is still running ($name); stop it or wait for it"
  done
  # the jars of platform.sh (it does not rebuild under a local run of this worktree)
  RUN_DIR="$ROOT/var/run" build_if_needed
  rm -rf "$TMP" "$LOG_DIR"/*.log
  mkdir -p "$TMP"
  # the embedded PostgreSQL starts empty: every run alike
  [ -n "${DB_HOST:-}" ] || rm -rf "$VAR/pgdata"
  STARTED=1
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  start_all
  # no "Killed" notices from this shell about its background jobs: cleanup stops them
  disown -a

  register_citizen
  # a last: by then the citizen's bucket, used a little by b and c, is full again
  check_load_balancing
  check_idempotency
  check_reconciliation
  check_publication
  check_rate_limits

  step "Summary ($((SECONDS - t0)) s so far)"
  printf '%s\n' "${SUMMARY[@]}"
  [ "$FAILURES" -eq 0 ] || exit 1
}

main "$@"
