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
# USER_CPU_SHARES=N (root, cgroup v1 cpu controller) runs a third measurement per round: the flood
# again with user-service in a cgroup of cpu.shares N (the default weight is 1024), i.e. with
# the CPU weight its own pods would have next to the catalogue's on a shared node; without it,
# user-service competes on equal terms with the catalogue's processes on this machine's 2 cores.
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
USER_CPU_SHARES=${USER_CPU_SHARES:-}
LOGIN_WARMUP=${LOGIN_WARMUP:-40}
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

CGROUP=/sys/fs/cgroup/cpu/janseva-bench-user
user_cgroup() {
  # $1 = on | off: user-service's process (all its threads) into the weighted cgroup, or back
  local pid
  pid=$(cat "$ROOT/var/run/user.pid")
  if [ "$1" = on ]; then
    mkdir -p "$CGROUP"
    echo "$USER_CPU_SHARES" > "$CGROUP/cpu.shares"
    echo "$pid" > "$CGROUP/cgroup.procs"
  else
    echo "$pid" > /sys/fs/cgroup/cpu/cgroup.procs
  fi
}
if [ -n "$USER_CPU_SHARES" ]; then
  [ -w /sys/fs/cgroup/cpu ] || { echo "USER_CPU_SHARES needs root and the cgroup v1 cpu controller" >&2; exit 1; }
  trap 'user_cgroup off 2>/dev/null; rmdir "$CGROUP" 2>/dev/null || true' EXIT
fi

catalogue 15 > /dev/null   # warm-up
# warm-up of the login path: user-service's JIT compiles it for tens of seconds (its C2 thread
# took most of a core during the first floods)
LOGIN=1 PACE_MS=$((1000 * FLOOD_CONNECTIONS / FLOOD_RATE)) wrk -t1 -c"$FLOOD_CONNECTIONS" -d"${LOGIN_WARMUP}s" \
  -s "$ROOT/bench/accounts/paced.lua" "$GATEWAY/api/v1/auth/login" > /dev/null

ratios=()
weighted=()
# one flooded measurement: $1 = file suffix; prints "p99 catalogue-requests logins-by-status ..."
flooded_run() {
  local tag=$1 count0 count1 gw0 gw1 us0 us1 flood
  count0=$(hash_metric count); gw0=$(cpu_of gateway); us0=$(cpu_of user)
  LOGIN=1 PACE_MS=$((1000 * FLOOD_CONNECTIONS / FLOOD_RATE)) wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$((DURATION + 8))s" \
    --timeout 30s -s "$ROOT/bench/accounts/paced.lua" "$GATEWAY/api/v1/auth/login" > "$OUT/flood-$tag.txt" &
  flood=$!
  sleep 4
  catalogue "$DURATION" > "$OUT/flooded-$tag.txt"
  wait $flood
  count1=$(hash_metric count); gw1=$(cpu_of gateway); us1=$(cpu_of user)
  echo "$(p99_ms < "$OUT/flooded-$tag.txt")|$(awk '/requests in/ {print $1}' "$OUT/flooded-$tag.txt")|$(sed -n 's/^statuses: //p' "$OUT/flood-$tag.txt") ($(awk '/requests in/ {print $1}' "$OUT/flood-$tag.txt") in $((DURATION + 8)) s)|$(echo "$count1 - $count0" | bc)|$(echo "$gw1 - $gw0" | bc)|$(echo "$us1 - $us0" | bc)"
}
report() {
  # $1 = label, $2 = alone p99, $3 = alone requests, $4 = flooded_run's line
  local p99 requests logins checks gw us ratio
  IFS='|' read -r p99 requests logins checks gw us <<< "$4"
  ratio=$(echo "$p99 / $2" | bc -l | xargs printf '%.2f')
  printf '%-14s %9s ms %11s ms %6s %9s / %-6s %s\n' "$1" "$2" "$p99" "$ratio" "$3" "$requests" "$logins"
  echo "               Argon2 checks: $checks; CPU during the flood: gateway $gw s, user-service $us s (of $((DURATION + 8)) s)"
  echo "$ratio"
}
printf '%-14s %12s %14s %6s %18s %s\n' round "p99 alone" "p99 flooded" ratio "catalogue requests" "logins by status"
for round in $(seq 1 "$ROUNDS"); do
  catalogue "$DURATION" > "$OUT/alone-$round.txt"
  alone=$(p99_ms < "$OUT/alone-$round.txt")
  alone_requests=$(awk '/requests in/ {print $1}' "$OUT/alone-$round.txt")
  out=$(report "$round" "$alone" "$alone_requests" "$(flooded_run "$round")")
  echo "$out" | sed '$d'
  ratios+=("$(echo "$out" | tail -n 1)")
  if [ -n "$USER_CPU_SHARES" ]; then
    user_cgroup on
    out=$(report "$round weighted" "$alone" "$alone_requests" "$(flooded_run "$round-weighted")")
    user_cgroup off
    echo "$out" | sed '$d'
    weighted+=("$(echo "$out" | tail -n 1)")
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
echo "median ratio p99 flooded / alone ($LABEL): $(median "${ratios[@]}") (target <= 1.5)"
if [ -n "$USER_CPU_SHARES" ]; then
  echo "median ratio with user-service at cpu.shares $USER_CPU_SHARES: $(median "${weighted[@]}")"
fi
