#!/usr/bin/env bash
# Payment-creation benchmark (issue 7): HTTP payment creation through payment-service against
# the same SQL done by pgbench, in the same run, on the same PostgreSQL; and the CPU a replayed
# request costs against a first payment's.
#
#   bench/payments/run.sh   (DURATION=30 CONCURRENCY=8 ROUNDS=3 WARMUP_REQUESTS=60000 WARMUP=240 may be set)
#
# The JIT needs tens of thousands of requests before the service runs at its speed: the warm-up
# is long on purpose, and the figures are per round so that a noisy neighbour shows.
#
# Starts its own PostgreSQL 17 (embedded, durable: fsync and synchronous_commit on, data under
# bench/payments/var), the department simulator (its payment gateway answers at once),
# payment-service (-XX:+UseParallelGC) and a static JWKS server; seeds bills; runs wrk and
# pgbench; prints the figures; stops everything it started.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/payments"
VAR="$HERE/var"
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-240}
WARMUP_REQUESTS=${WARMUP_REQUESTS:-60000}
WARMUP_PG=${WARMUP_PG:-10}
CONCURRENCY=${CONCURRENCY:-8}
BASE=${BENCH_PORT_BASE:-450}
PG_PORT=$((15432 + BASE))
PAYMENT_PORT=$((8083 + BASE))
SIMULATOR_PORT=$((8090 + BASE))
JWKS_PORT=$((8091 + BASE))
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
ISSUER="http://bench.issuer"
CITIZEN="bench-citizen"
BILLS=600000
PIDS=()

cleanup() {
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[$i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

for tool in wrk pgbench psql curl python3; do
  command -v "$tool" > /dev/null || { echo "bench: $tool is needed (apt-get install -y wrk postgresql-client curl python3)" >&2; exit 2; }
done
for jar in local-postgres department-simulator payment-service; do
  [ -f "$ROOT/$jar/target/$jar.jar" ] || (cd "$ROOT" && ./mvnw -q -B -Dmaven.test.skip=true -Djacoco.skip=true package)
done

rm -rf "$VAR" && mkdir -p "$VAR/log" "$VAR/jwks"
wait_http() { for _ in $(seq 1 240); do curl -fsS -m 2 "$1" > /dev/null 2>&1 && return 0; sleep 0.5; done; echo "bench: $1 not up" >&2; exit 1; }
psql_bench() { psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d payments -v ON_ERROR_STOP=1 "$@"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "Starting PostgreSQL 17 (port $PG_PORT), the simulator and payment-service ..."
"$JAVA" -Xmx64m -jar "$ROOT/local-postgres/target/local-postgres.jar" serve --data-dir "$VAR/pgdata" \
  --port "$PG_PORT" --databases payments > "$VAR/log/postgres.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q "PostgreSQL ready" "$VAR/log/postgres.log" && break; sleep 0.5; done

"$JAVA" "$HERE/BenchTokens.java" "$VAR/jwks" "$ISSUER" "$CITIZEN"
TOKEN=$(cat "$VAR/jwks/token")
(cd "$VAR/jwks" && exec python3 -m http.server "$JWKS_PORT" --bind 127.0.0.1) > "$VAR/log/jwks.log" 2>&1 &
PIDS+=($!)

"$JAVA" -Xmx256m -XX:+UseParallelGC -jar "$ROOT/department-simulator/target/department-simulator.jar" \
  --server.port="$SIMULATOR_PORT" --logging.level.root=WARN > "$VAR/log/simulator.log" 2>&1 &
SIMULATOR_PID=$!
PIDS+=($SIMULATOR_PID)

"$JAVA" -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$ROOT/payment-service/target/payment-service.jar" \
  --server.port="$PAYMENT_PORT" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/payments" \
  --platform.security.issuer="$ISSUER" \
  --platform.security.jwk-set-uri="http://127.0.0.1:$JWKS_PORT/oauth2/jwks" \
  --platform.payment.pg.base-url="http://127.0.0.1:$SIMULATOR_PORT" --platform.payment.pg.allow-loopback=true \
  --platform.payment.pg.key-id=sim-merchant --platform.payment.pg.key-secret=sim-merchant-secret \
  --platform.payment.pg.webhook-secrets=sim-pg-webhook-secret \
  --platform.payment.erasure-key=bench --platform.payment.reconciliation.enabled=false \
  > "$VAR/log/payment.log" 2>&1 &
PAYMENT_PID=$!
PIDS+=($PAYMENT_PID)
wait_http "http://127.0.0.1:$SIMULATOR_PORT/actuator/health/readiness"
wait_http "http://127.0.0.1:$PAYMENT_PORT/actuator/health/readiness"

echo "Seeding $BILLS bills for HTTP and as many for pgbench ..."
psql_bench <<SQL
insert into bill (id, citizen_ref, service_code, biller_name, consumer_number, bill_number, amount, status, fetched_at)
  select 'bench_bill_' || g, '$CITIZEN', 'BENCH', 'Bench biller', 'C' || g, 'B' || g, 499.00, 'UNPAID', now()
  from generate_series(1, $BILLS) g;
insert into bill (id, citizen_ref, service_code, biller_name, consumer_number, bill_number, amount, status, fetched_at)
  select 'pgb_bill_' || g, 'pgbench-citizen', 'PGBENCH', 'Bench biller', 'PC' || g, 'PB' || g, 499.00, 'UNPAID', now()
  from generate_series(1, $BILLS) g;
create sequence pgbench_bill_seq;
vacuum analyze;
SQL
echo "synchronous_commit = $(psql_bench -tAc 'show synchronous_commit'), fsync = $(psql_bench -tAc 'show fsync')"

RUN="r$(date +%s)"
if [ -n "${HOLD:-}" ]; then
  # keep everything running for manual experiments: wrk, pgbench, per-thread CPU
  echo "HOLD: payment-service pid $PAYMENT_PID at http://127.0.0.1:$PAYMENT_PORT, simulator pid $SIMULATOR_PID"
  echo "$TOKEN" > "$VAR/token"
  sleep "$HOLD"
  exit 0
fi
URL="http://127.0.0.1:$PAYMENT_PORT"
echo "Warm-up: HTTP payment creation until $WARMUP_REQUESTS payments (at most ${WARMUP}s), and ${WARMUP_PG}s of pgbench ..."
WARM_DONE=0 WARM_START=$SECONDS
while [ "$WARM_DONE" -lt "$WARMUP_REQUESTS" ] && [ $((SECONDS - WARM_START)) -lt "$WARMUP" ]; do
  TOKEN=$TOKEN RUN="$RUN-w" FIRST=$((300001 + WARM_DONE)) wrk -t1 -c"$CONCURRENCY" -d10s -s "$HERE/create.lua" "$URL" \
    > "$VAR/log/wrk-warmup.txt"
  WARM_DONE=$((WARM_DONE + $(grep -oP '^requests=\K[0-9]+' "$VAR/log/wrk-warmup.txt")))
  echo "  warm-up: $WARM_DONE payments, last 10 s at $(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$VAR/log/wrk-warmup.txt")/s"
done
pgbench -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CONCURRENCY" -j 2 -T "$WARMUP_PG" \
  -f "$HERE/payment_tx.sql" payments > "$VAR/log/pgbench-warmup.txt" 2>&1

ROUNDS=${ROUNDS:-3}
echo "Measuring: $ROUNDS rounds of ${DURATION}s pgbench then ${DURATION}s HTTP payment creation (concurrency $CONCURRENCY) ..."
PG_RESULTS=() HTTP_RESULTS=() CREATED=0 BAD=0 CPU_CREATE=0 SIM_CPU_CREATE=0 FIRST=1
for round in $(seq 1 "$ROUNDS"); do
  pgbench -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CONCURRENCY" -j 2 -T "$DURATION" \
    -f "$HERE/payment_tx.sql" payments > "$VAR/log/pgbench-$round.txt" 2>&1
  PG_RESULTS+=("$(grep -oP 'tps = \K[0-9.]+' "$VAR/log/pgbench-$round.txt" | head -1)")
  C0=$(cpu_ticks $PAYMENT_PID) S0=$(cpu_ticks $SIMULATOR_PID)
  TOKEN=$TOKEN RUN="$RUN" FIRST=$FIRST wrk -t1 -c"$CONCURRENCY" -d"${DURATION}s" -s "$HERE/create.lua" "$URL" \
    > "$VAR/log/wrk-create-$round.txt"
  C1=$(cpu_ticks $PAYMENT_PID) S1=$(cpu_ticks $SIMULATOR_PID)
  HTTP_RESULTS+=("$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$VAR/log/wrk-create-$round.txt")")
  N=$(grep -oP '^requests=\K[0-9]+' "$VAR/log/wrk-create-$round.txt")
  CREATED=$((CREATED + N)) FIRST=$((FIRST + N))
  BAD=$((BAD + $(grep -oP 'non2xx_or_errors=\K[0-9]+' "$VAR/log/wrk-create-$round.txt")))
  CPU_CREATE=$((CPU_CREATE + C1 - C0)) SIM_CPU_CREATE=$((SIM_CPU_CREATE + S1 - S0))
  echo "  round $round: pgbench ${PG_RESULTS[-1]}/s, HTTP ${HTTP_RESULTS[-1]}/s"
done
ROWS=$(psql_bench -tAc "select count(*) from payment where idem_key like '$RUN-%' and idem_key not like '$RUN-w-%' and gateway_order_id is not null")

KEYS=$((CREATED < 20000 ? CREATED : 20000))
echo "Replaying the first $KEYS keys: 20s warm-up, then ${DURATION}s measured ..."
TOKEN=$TOKEN RUN="$RUN" FIRST=1 COUNT=$KEYS \
  wrk -t1 -c"$CONCURRENCY" -d20s -s "$HERE/replay.lua" "$URL" > "$VAR/log/wrk-replay-warmup.txt"
CPU2=$(cpu_ticks $PAYMENT_PID)
TOKEN=$TOKEN RUN="$RUN" FIRST=1 COUNT=$KEYS \
  wrk -t1 -c"$CONCURRENCY" -d"${DURATION}s" -s "$HERE/replay.lua" "$URL" > "$VAR/log/wrk-replay.txt"
CPU3=$(cpu_ticks $PAYMENT_PID)
REPLAYED=$(grep -oP '^requests=\K[0-9]+' "$VAR/log/wrk-replay.txt")
REPLAY_RPS=$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$VAR/log/wrk-replay.txt")
REPLAY_BAD=$(grep -oP 'non2xx_or_errors=\K[0-9]+' "$VAR/log/wrk-replay.txt")

python3 - "${PG_RESULTS[*]}" "${HTTP_RESULTS[*]}" "$CREATED" "$BAD" "$ROWS" "$CPU_CREATE" "$SIM_CPU_CREATE" "$CPU2" "$CPU3" "$REPLAYED" "$REPLAY_RPS" "$REPLAY_BAD" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys, os, statistics
pgs, https, created, bad, rows, cpu_create, sim_cpu, c2, c3, replayed, replay_rps, replay_bad, cores, load = sys.argv[1:]
pgs = [float(x) for x in pgs.split()]
https = [float(x) for x in https.split()]
hz = os.sysconf('SC_CLK_TCK')
first_cpu = int(cpu_create) / hz / int(created) * 1e6
sim_first_cpu = int(sim_cpu) / hz / int(created) * 1e6
replay_cpu = (int(c3) - int(c2)) / hz / int(replayed) * 1e6
ratios = [h / p for h, p in zip(https, pgs)]
print()
print(f"machine: {cores} cores, load average at the end {load}")
print(f"pgbench (same SQL, -c 8 -M prepared):     " + ", ".join(f"{p:.1f}" for p in pgs) + f"  payments/s (median {statistics.median(pgs):.1f})")
print(f"HTTP POST /api/v1/payments (wrk -c 8):    " + ", ".join(f"{h:.1f}" for h in https) + f"  payments/s (median {statistics.median(https):.1f})")
print(f"  {created} requests, {bad} not 201, {rows} payments with a gateway order")
print(f"ratio HTTP / pgbench per round:           " + ", ".join(f"{r:.2f}" for r in ratios) + f"  (median {statistics.median(ratios):.2f}; target >= 0.45)")
print(f"simulator (gateway) CPU per payment:      {sim_first_cpu:9.0f} us")
print(f"payment-service CPU per first payment:    {first_cpu:9.0f} us")
print(f"payment-service CPU per replay:           {replay_cpu:9.0f} us  ({replayed} replays at {float(replay_rps):.0f}/s, {replay_bad} not 201)")
print(f"ratio replay / first:                     {replay_cpu / first_cpu:9.2f}   (target <= 0.5)")
PY
