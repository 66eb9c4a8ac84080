#!/usr/bin/env bash
# Gateway throughput: the same authenticated request through a gateway that checks the token
# (warm verified-token cache) and through one with token checks switched off, in the same run,
# alternating rounds. Backend and JWKS: bench/accounts/TokenBackend.java (JDK only).
#
#   bench/accounts/gateway-auth.sh            (needs wrk: apt-get install -y wrk; gateway jar built)
#   ROUNDS=3 DURATION=15s CONNECTIONS=32 BASE_PORT=18300 bench/accounts/gateway-auth.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
BASE_PORT=${BASE_PORT:-18300}
BACKEND_PORT=$BASE_PORT
ON_PORT=$((BASE_PORT + 1))
OFF_PORT=$((BASE_PORT + 2))
OUT="$ROOT/bench/results"
mkdir -p "$OUT"
JAR="$ROOT/gateway-service/target/gateway-service.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -Dmaven.test.skip=true -Djacoco.skip=true package -pl gateway-service -am)
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx512m -XX:+UseParallelGC"}
TOKEN_FILE=$(mktemp)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f "$TOKEN_FILE"; }
trap cleanup EXIT

java "$ROOT/bench/accounts/TokenBackend.java" "$BACKEND_PORT" "$TOKEN_FILE" > "$OUT/gateway-auth-backend.log" 2>&1 &
PIDS+=($!)
start_gateway() {
  local port=$1 auth=$2
  java $JAVA_OPTS -jar "$JAR" --server.port="$port" \
    --platform.services.user="http://127.0.0.1:$BACKEND_PORT" \
    --platform.services.catalog="http://127.0.0.1:$BACKEND_PORT" \
    --platform.services.payment="http://127.0.0.1:$BACKEND_PORT" \
    --platform.security.jwk-set-uri="http://127.0.0.1:$BACKEND_PORT/oauth2/jwks" \
    --platform.gateway.auth.enabled="$auth" \
    --platform.gateway.rate-limit.authenticated-rate=10000000 \
    --platform.gateway.rate-limit.authenticated-burst=10000000 \
    --platform.gateway.rate-limit.anonymous-rate=10000000 \
    --platform.gateway.rate-limit.anonymous-burst=10000000 \
    --logging.level.org.janseva.access=WARN \
    > "$OUT/gateway-auth-$auth.log" 2>&1 &
  PIDS+=($!)
}
start_gateway "$ON_PORT" true
start_gateway "$OFF_PORT" false
for port in "$ON_PORT" "$OFF_PORT"; do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/actuator/health" > /dev/null 2>&1 && break; sleep 1; done
done
until [ -s "$TOKEN_FILE" ]; do sleep 0.5; done
TOKEN=$(cat "$TOKEN_FILE")
URL_PATH=/api/v1/users/me
# the check must really be on: no token -> 401 on one, 200 on the other
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$ON_PORT$URL_PATH")" = 401 ] || { echo "auth gateway does not refuse"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ON_PORT$URL_PATH")" = 200 ] || { echo "token refused"; exit 1; }
# warm-up (JIT, connection pools, the verified-token cache)
for port in "$ON_PORT" "$OFF_PORT"; do
  wrk -t2 -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port$URL_PATH" > /dev/null
done
rps() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$1$URL_PATH" \
  | tee -a "$OUT/gateway-auth-wrk.txt" | awk '/Requests\/sec/ {print $2}'; }
: > "$OUT/gateway-auth-wrk.txt"
ON_TOTAL=0; OFF_TOTAL=0
for round in $(seq 1 "$ROUNDS"); do
  on=$(rps "$ON_PORT"); off=$(rps "$OFF_PORT")
  echo "round $round: auth on $on req/s, auth off $off req/s"
  ON_TOTAL=$(echo "$ON_TOTAL + $on" | bc -l); OFF_TOTAL=$(echo "$OFF_TOTAL + $off" | bc -l)
done
echo "mean: auth on $(echo "$ON_TOTAL / $ROUNDS" | bc -l | xargs printf '%.0f') req/s," \
  "auth off $(echo "$OFF_TOTAL / $ROUNDS" | bc -l | xargs printf '%.0f') req/s," \
  "ratio $(echo "$ON_TOTAL / $OFF_TOTAL" | bc -l | xargs printf '%.3f')"
