#!/usr/bin/env bash
# Login isolation and cost, through the gateway of a running local platform.
#
# The question: does a login flood starve the other routes? Logins are slow by design (Argon2id,
# about 34 ms of CPU each), so the login route has its own limits (the gateway lets at most 8
# logins be in flight; user-service runs at most 1 Argon2 check at a time and starts at most 10
# a second). The benchmark offers FIXED rates, paced by wrk's delay(), so that it measures the
# latency of a catalogue request under a given load, not the throughput of a saturated machine:
#   - the catalogue: GET /api/v1/catalog/stats at CATALOG_RATE requests/s (default 100);
#   - the flood: MPIN logins of one citizen at FLOOD_RATE/s (default 300: 30 times what one
#     user-service instance may verify, i.e. a flood).
# Per round: the catalogue alone, then the catalogue while the flood runs. ROUNDS rounds; the
# ratio of the p99s (flooded / alone) per round and their median. It also reports the login
# answers by status, the Argon2 checks done and the CPU the gateway and user-service used.
#
# Start the platform with the anonymous rate limit raised (the benchmark comes from one address):
#   PLATFORM_GATEWAY_RATE_LIMIT_ANONYMOUS_RATE=1000000 PLATFORM_GATEWAY_RATE_LIMIT_ANONYMOUS_BURST=1000000 \
#     ./platform.sh up
#   bench/accounts/login-flood.sh
# For the comparison without the login limits, also set on 'up':
#   PLATFORM_GATEWAY_RATE_LIMIT_LOGIN_CONCURRENCY=100000 PLATFORM_USER_MPIN_MAX_CONCURRENT_HASHES=64 \
#   PLATFORM_USER_MPIN_MAX_HASHES_PER_SECOND=100000 PLATFORM_USER_MPIN_QUEUE_TIMEOUT=30s
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OFFSET=${PLATFORM_PORT_OFFSET:-0}
GATEWAY="http://127.0.0.1:$((8080 + OFFSET))"
USER_SERVICE="http://127.0.0.1:$((8082 + OFFSET))"
SIMULATOR="http://127.0.0.1:$((8090 + OFFSET))"
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
CATALOG_RATE=${CATALOG_RATE:-100}
CATALOG_CONNECTIONS=${CATALOG_CONNECTIONS:-4}
FLOOD_RATE=${FLOOD_RATE:-300}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-16}
LABEL=${LABEL:-limits-on}
OUT="$ROOT/bench/results/login-flood-$LABEL"
mkdir -p "$OUT"
command -v wrk > /dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }

MOBILE=${MOBILE:-9$(printf '%09d' $(( (RANDOM * 32768 + RANDOM) % 1000000000 )))}
MPIN=${MPIN:-730158}
export MOBILE MPIN
ref=$(curl -fsS -H 'Content-Type: application/json' -d "{\"mobile\":\"$MOBILE\",\"purpose\":\"REGISTER\"}" \
  "$GATEWAY/api/v1/auth/otp" | sed -E 's/.*"otpRef":"([^"]+)".*/\1/')
otp=$(curl -fsS "$SIMULATOR/sms/outbox?mobile=$MOBILE" | sed -E 's/^\[\{.*"text":"([0-9]{6}) .*/\1/')
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"mobile\":\"$MOBILE\",\"otpRef\":\"$ref\",\"otp\":\"$otp\",\"mpin\":\"$MPIN\",\"name\":\"Bench\"}" \
  "$GATEWAY/api/v1/auth/register"
echo "registered a citizen for the flood ($LABEL)"

hash_metric() {
  curl -fsS "$USER_SERVICE/actuator/prometheus" | awk -v m="$1" '$1 ~ "^janseva_mpin_hash_seconds_"m"[{ ]" {s+=$2} END {print s+0}'
}
# CPU seconds (user + system) of a process started by platform.sh
cpu_of() {
  local pid
  pid=$(cat "$ROOT/var/run/$1.pid")
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$pid/stat"
}
# p99 in ms from wrk's --latency output
p99_ms() {
  awk '/^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'
}
catalogue() {
  PACE_MS=$((1000 * CATALOG_CONNECTIONS / CATALOG_RATE)) wrk -t1 -c"$CATALOG_CONNECTIONS" -d"$1s" --timeout 30s \
    --latency -s "$ROOT/bench/accounts/paced.lua" "$GATEWAY/api/v1/catalog/stats"
}

catalogue 15 > /dev/null   # warm-up
LOGIN=1 PACE_MS=$((1000 * FLOOD_CONNECTIONS / FLOOD_RATE)) wrk -t1 -c"$FLOOD_CONNECTIONS" -d10s \
  -s "$ROOT/bench/accounts/paced.lua" "$GATEWAY/api/v1/auth/login" > /dev/null   # warm-up of the login path

ratios=()
printf '%-6s %12s %14s %7s %22s %s\n' round "p99 alone" "p99 flooded" ratio "catalogue req alone/flooded" "logins by status"
for round in $(seq 1 "$ROUNDS"); do
  catalogue "$DURATION" > "$OUT/alone-$round.txt"
  count0=$(hash_metric count); gw0=$(cpu_of gateway); us0=$(cpu_of user)
  LOGIN=1 PACE_MS=$((1000 * FLOOD_CONNECTIONS / FLOOD_RATE)) wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$((DURATION + 8))s" \
    --timeout 30s -s "$ROOT/bench/accounts/paced.lua" "$GATEWAY/api/v1/auth/login" > "$OUT/flood-$round.txt" &
  flood=$!
  sleep 4
  catalogue "$DURATION" > "$OUT/flooded-$round.txt"
  wait $flood
  count1=$(hash_metric count); gw1=$(cpu_of gateway); us1=$(cpu_of user)
  alone=$(p99_ms < "$OUT/alone-$round.txt"); flooded=$(p99_ms < "$OUT/flooded-$round.txt")
  ratio=$(echo "$flooded / $alone" | bc -l | xargs printf '%.2f')
  ratios+=("$ratio")
  printf '%-6s %10s ms %12s ms %7s %13s / %-8s %s\n' "$round" "$alone" "$flooded" "$ratio" \
    "$(awk '/requests in/ {print $1}' "$OUT/alone-$round.txt")" \
    "$(awk '/requests in/ {print $1}' "$OUT/flooded-$round.txt")" \
    "$(sed -n 's/^statuses: //p' "$OUT/flood-$round.txt") ($(awk '/requests in/ {print $1}' "$OUT/flood-$round.txt") in $((DURATION + 8)) s)"
  echo "       Argon2 checks: $(echo "$count1 - $count0" | bc); CPU during the flood: gateway" \
    "$(echo "$gw1 - $gw0" | bc) s, user-service $(echo "$us1 - $us0" | bc) s (of $((DURATION + 8)) s)"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
echo "median ratio p99 flooded / alone ($LABEL): $median (target <= 1.5)"
