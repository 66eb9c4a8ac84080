#!/usr/bin/env bash
# Login cost and isolation, through the gateway of a running local platform:
#  1. registers a citizen (OTP read from the simulator's SMS outbox);
#  2. catalogue p99 (GET /api/v1/catalog/stats) alone;
#  3. the same while a flood of MPIN logins runs, and the login outcomes;
#  4. the MPIN verification cost per login, from user-service's janseva_mpin_hash_seconds.
#
# Start the platform with the anonymous rate limit raised (the benchmark comes from one address):
#   PLATFORM_GATEWAY_RATE_LIMIT_ANONYMOUS_RATE=1000000 PLATFORM_GATEWAY_RATE_LIMIT_ANONYMOUS_BURST=1000000 \
#     PLATFORM_PORT_OFFSET=100 ./platform.sh up
#   PLATFORM_PORT_OFFSET=100 bench/accounts/login-flood.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OFFSET=${PLATFORM_PORT_OFFSET:-0}
GATEWAY="http://127.0.0.1:$((8080 + OFFSET))"
USER_SERVICE="http://127.0.0.1:$((8082 + OFFSET))"
SIMULATOR="http://127.0.0.1:$((8090 + OFFSET))"
DURATION=${DURATION:-20s}
CATALOG_CONNECTIONS=${CATALOG_CONNECTIONS:-8}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-64}
OUT="$ROOT/bench/results"
mkdir -p "$OUT"

MOBILE=${MOBILE:-9$(printf '%09d' $(( (RANDOM * 32768 + RANDOM) % 1000000000 )))}
MPIN=${MPIN:-730158}
export MOBILE MPIN
ref=$(curl -fsS -H 'Content-Type: application/json' -d "{\"mobile\":\"$MOBILE\",\"purpose\":\"REGISTER\"}" \
  "$GATEWAY/api/v1/auth/otp" | sed -E 's/.*"otpRef":"([^"]+)".*/\1/')
otp=$(curl -fsS "$SIMULATOR/sms/outbox?mobile=$MOBILE" | sed -E 's/^\[\{.*"text":"([0-9]{6}) .*/\1/')
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"mobile\":\"$MOBILE\",\"otpRef\":\"$ref\",\"otp\":\"$otp\",\"mpin\":\"$MPIN\",\"name\":\"Bench\"}" \
  "$GATEWAY/api/v1/auth/register"
echo "registered a citizen for the flood"

hash_metric() {
  curl -fsS "$USER_SERVICE/actuator/prometheus" | awk -v m="$1" '$1 ~ "^janseva_mpin_hash_seconds_"m"[{ ]" {s+=$2} END {print s+0}'
}
p99() { awk '/^ +99%/ {print $2}'; }

wrk -t1 -c"$CATALOG_CONNECTIONS" -d10s "$GATEWAY/api/v1/catalog/stats" > /dev/null   # warm-up
wrk -t1 -c"$CATALOG_CONNECTIONS" -d"$DURATION" --timeout 30s --latency "$GATEWAY/api/v1/catalog/stats" > "$OUT/catalog-alone.txt"
alone=$(p99 < "$OUT/catalog-alone.txt")

count0=$(hash_metric count); sum0=$(hash_metric sum)
wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$(( ${DURATION%s} + 10 ))s" --latency -s "$ROOT/bench/accounts/login.lua" \
  "$GATEWAY/api/v1/auth/login" > "$OUT/login-flood.txt" &
flood=$!
sleep 5
wrk -t1 -c"$CATALOG_CONNECTIONS" -d"$DURATION" --timeout 30s --latency "$GATEWAY/api/v1/catalog/stats" > "$OUT/catalog-flood.txt"
wait $flood
flooded=$(p99 < "$OUT/catalog-flood.txt")
count1=$(hash_metric count); sum1=$(hash_metric sum)

echo "catalogue p99 alone: $alone ($(awk '/requests in/ {print $1}' "$OUT/catalog-alone.txt") requests);" \
  "during the login flood: $flooded ($(awk '/requests in/ {print $1}' "$OUT/catalog-flood.txt") requests)"
echo "login flood:"; grep -E "Requests/sec|Non-2xx|99%|requests in" "$OUT/login-flood.txt" | sed 's/^/  /'
echo "MPIN verifications: $(echo "$count1 - $count0" | bc), mean Argon2id cost" \
  "$(echo "($sum1 - $sum0) * 1000 / ($count1 - $count0)" | bc -l | xargs printf '%.1f') ms per login"
