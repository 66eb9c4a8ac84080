#!/usr/bin/env bash
# CPU per pass-through invocation: catalog-service's own CPU per call, against the department
# simulator's CPU for the same calls, and requests/s with p50/p99 through catalog-service vs
# direct to the simulator, in one run.
#
#   PLATFORM_PORT_OFFSET=300 ./platform.sh up          # the local run, as the README says
#   PLATFORM_PORT_OFFSET=300 bench/invocation-cpu/run.sh
#
# Environment: PLATFORM_PORT_OFFSET (as for platform.sh), CONNECTIONS (8), THREADS (2),
# WARMUP (20s), DURATION (30s), SCENARIOS (passbook status passbook-mapped cached).
#
# The `cached` scenario is the floor: the `status` call of an operation with a cache TTL, the same
# input every time, so after the first call catalog-service answers 200 from its per-citizen cache
# (token, routing, JSON parsing, schema validation, cache, answer, audit row, metrics, access log)
# and calls no department. Its CPU per call, against the simulator's CPU per call of the `status`
# scenario, is what an invocation costs catalog-service before the department is called. It runs
# after `status`. (A refused input is no floor: Tomcat closes the connection after every 400, so
# each such call would also pay for a new TCP connection.)
#
# How: loads its own catalogue entries (catalogue.sql) into the catalog database, registers a
# citizen through the gateway (OTP from the simulator's SMS outbox), warms every path up, then per
# scenario reads utime+stime of the catalog-service and simulator JVMs from /proc/<pid>/stat, runs wrk
# against catalog-service (each call makes exactly one simulator call), reads them again: both
# processes served the same N requests, so the ratio of the CPU deltas is the ratio of CPU per
# call. Then the same requests go straight to the simulator, for throughput and latency.
#
# A second table gives the kernel's side of the same calls: system CPU, read/write-family system
# calls (/proc/<pid>/io syscr + syscw) and context switches (summed over /proc/<pid>/task/*/status)
# per call, for both processes. A pass-through call reads and writes a citizen's exchange AND a
# department's exchange, where the simulator reads and writes one: these are the part of the cost
# no change to catalog-service's Java code removes.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OFFSET=${PLATFORM_PORT_OFFSET:-0}
GATEWAY=http://127.0.0.1:$((8080 + OFFSET))
CATALOG=http://127.0.0.1:$((8081 + OFFSET))
SIMULATOR=http://127.0.0.1:$((8090 + OFFSET))
PG_PORT=$((15432 + OFFSET))
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-30s}
SCENARIOS=${SCENARIOS:-passbook status passbook-mapped cached}
TICKS=$(getconf CLK_TCK)

fail() { echo "bench: $*" >&2; exit 1; }
command -v wrk > /dev/null || fail "wrk is needed (apt-get install -y wrk)"
command -v psql > /dev/null || fail "psql is needed to load the benchmark's catalogue entries"

pid_of() { cat "$ROOT/var/run/$1.pid" 2> /dev/null || fail "$1 is not running: start the platform first"; }
CATALOG_PID=$(pid_of catalog)
SIMULATOR_PID=$(pid_of simulator)

echo "Loading the benchmark's catalogue entries ..."
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d catalog -f "$HERE/catalogue.sql"
sleep 3 # every instance refreshes its catalogue within platform.catalog.refresh-interval (2 s)

# pid -> "utime stime syscalls context-switches" (ticks, ticks, read+write calls, switches)
counters() {
  local pid=$1 times io ctxt
  times=$(awk '{print $14, $15}' "/proc/$pid/stat")
  io=$(awk '/^syscr:|^syscw:/ {n += $2} END {print n}' "/proc/$pid/io")
  ctxt=$(cat /proc/"$pid"/task/*/status 2> /dev/null | awk '/ctxt_switches:/ {n += $2} END {print n}')
  echo "$times $io $ctxt"
}

json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
MOBILE=9$(date +%s%N | tail -c 10)
MPIN=582914
echo "Registering a citizen ($MOBILE) ..."
OTP_REF=$(curl -fsS -X POST "$GATEWAY/api/v1/auth/otp" -H 'Content-Type: application/json' \
  -d "{\"mobile\": \"$MOBILE\", \"purpose\": \"REGISTER\"}" | json '["otpRef"]')
OTP=$(curl -fsS "$SIMULATOR/sms/outbox?mobile=$MOBILE" \
  | python3 -c 'import sys, json, re; d = json.load(sys.stdin); items = d["items"] if isinstance(d, dict) else d; print(re.search(r"\b(\d{6})\b", items[0]["text"]).group(1))')
curl -fsS -o /dev/null -X POST "$GATEWAY/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"mobile\": \"$MOBILE\", \"otpRef\": \"$OTP_REF\", \"otp\": \"$OTP\", \"mpin\": \"$MPIN\", \"name\": \"Bench Citizen\"}"
token() {
  curl -fsS -X POST "$GATEWAY/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"mobile\": \"$MOBILE\", \"mpin\": \"$MPIN\"}" | json '["access_token"]'
}

# wrk ... -> "requests rps p50 p99 errors"
run_wrk() {
  local url=$1 duration=$2 out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$HERE/post.lua" "$url")
  python3 - "$out" << 'PY'
import re, sys
out = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
requests = int(re.search(r"(\d+) requests in", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
bad = (int(errors.group(1)) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)
print(requests, f"{rps:.0f}", f"{ms('50'):.2f}", f"{ms('99'):.2f}", bad)
PY
}

declare -A SERVICE=([passbook]=BENCH-PASSBOOK [passbook-mapped]=BENCH-PASSBOOK-MAPPED [status]=BENCH-STATUS
  [cached]=BENCH-STATUS-CACHED)
declare -A OPERATION=([passbook]=passbook [passbook-mapped]=passbook [status]=status [cached]=status)
declare -A DIRECT=([passbook]=/departments/EPFO/passbook [passbook-mapped]=/departments/EPFO/passbook
  [status]=/departments/BENCH-SMALL/vehicles/status [cached]=)
declare -A INPUT=([passbook]='{"uan": "100200300400"}' [passbook-mapped]='{"uan": "100200300400"}'
  [status]='{"vehicleNumber": "KA01AB1234"}' [cached]='{"vehicleNumber": "KA01AB1234"}')
STATUS_SIMULATOR_US="" # the simulator's CPU per call in the status scenario, for the floor
KERNEL_ROWS="" # the second table, printed after the first

echo
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
echo "wrk: $THREADS threads, $CONNECTIONS connections, warm-up $WARMUP, measured $DURATION per path"
echo "JVM options of both processes: ${JAVA_OPTS:-as platform.sh starts them (-Xms64m -Xmx512m -XX:+UseSerialGC)}"
echo
printf '| scenario | calls | catalog CPU/call | simulator CPU/call | ratio | via catalog rps / p50 / p99 | direct rps / p50 / p99 |\n'
printf '|---|---|---|---|---|---|---|\n'
# every path once first, so that each class is loaded and compiled at least once
for scenario in $SCENARIOS; do
  export BODY=${INPUT[$scenario]}
  export TOKEN
  TOKEN=$(token)
  run_wrk "$CATALOG/api/v1/services/${SERVICE[$scenario]}/operations/${OPERATION[$scenario]}" "$WARMUP" > /dev/null
done
for scenario in $SCENARIOS; do
  export BODY=${INPUT[$scenario]}
  export TOKEN
  TOKEN=$(token)
  via_catalog="$CATALOG/api/v1/services/${SERVICE[$scenario]}/operations/${OPERATION[$scenario]}"
  direct="$SIMULATOR${DIRECT[$scenario]}"
  # and again right before it is measured: the previous scenario's traffic changed the JIT's type
  # profiles, and the recompilation that follows (up to a fifth of catalog-service's CPU in the
  # first seconds) is the switch between scenarios, not the cost of a call
  run_wrk "$via_catalog" "$WARMUP" > /dev/null

  read -r catalog_user catalog_sys catalog_calls catalog_switches < <(counters "$CATALOG_PID")
  read -r simulator_user simulator_sys simulator_calls simulator_switches < <(counters "$SIMULATOR_PID")
  read -r n rps p50 p99 bad <<< "$(run_wrk "$via_catalog" "$DURATION")"
  read -r catalog_user2 catalog_sys2 catalog_calls2 catalog_switches2 < <(counters "$CATALOG_PID")
  read -r simulator_user2 simulator_sys2 simulator_calls2 simulator_switches2 < <(counters "$SIMULATOR_PID")
  KERNEL_ROWS+=$(python3 - "$scenario" "$n" "$TICKS" \
    $((catalog_sys2 - catalog_sys)) $((simulator_sys2 - simulator_sys)) \
    $((catalog_calls2 - catalog_calls)) $((simulator_calls2 - simulator_calls)) \
    $((catalog_switches2 - catalog_switches)) $((simulator_switches2 - simulator_switches)) << 'PY'
import sys
s, n, ticks, cs, ss, cc, sc, cx, sx = sys.argv[1], *map(int, sys.argv[2:])
us = lambda t: t / ticks / n * 1e6
print(f"| {s} | {us(cs):.0f} us | {us(ss):.0f} us | {cc / n:.1f} | {sc / n:.1f} | {cx / n:.1f} | {sx / n:.1f} |")
PY
  )$'\n'
  drps=- dp50=- dp99=-
  [ "$bad" -eq 0 ] || fail "$scenario: $bad failed calls through catalog-service"
  if [ "$scenario" = cached ]; then
    [ -n "$STATUS_SIMULATOR_US" ] || fail "cached needs the status scenario before it"
  else
    TOKEN="" run_wrk "$direct" "$WARMUP" > /dev/null
    read -r dn drps dp50 dp99 dbad <<< "$(TOKEN="" run_wrk "$direct" "$DURATION")"
    [ "$dbad" -eq 0 ] || fail "$scenario: $dbad failed calls direct to the simulator"
  fi

  # prints the simulator's CPU per call, a tab, the table row
  row=$(python3 - "$scenario" "$n" "$TICKS" "$rps" "$p50" "$p99" "$drps" "$dp50" "$dp99" "$STATUS_SIMULATOR_US" \
    $((catalog_user2 - catalog_user)) $((catalog_sys2 - catalog_sys)) \
    $((simulator_user2 - simulator_user)) $((simulator_sys2 - simulator_sys)) << 'PY'
import sys
s, n, ticks, rps, p50, p99, drps, dp50, dp99, status_sim, cu, cs, su, ss = sys.argv[1:]
n, ticks, cu, cs, su, ss = int(n), int(ticks), int(cu), int(cs), int(su), int(ss)
per_call = lambda t: t / ticks / n * 1e6
c, m = per_call(cu + cs), per_call(su + ss)
catalog = f"{c:.0f} us ({per_call(cu):.0f} user + {per_call(cs):.0f} sys)"
if s == "cached":
    # no department call: against what the simulator spent per call in the status scenario
    base = float(status_sim)
    label, simulator = "cached (floor: no department call)", f"{base:.0f} us (status's; {m:.1f} us/call idle here)"
    direct = "-"
else:
    base, label, simulator = m, s, f"{m:.0f} us ({per_call(su):.0f} + {per_call(ss):.0f})"
    direct = f"{drps} / {dp50} ms / {dp99} ms"
print(f"{m:.1f}\t| {label} | {n} | {catalog} | {simulator} | {c / base:.2f} | {rps} / {p50} ms / {p99} ms | {direct} |")
PY
  )
  [ "$scenario" != status ] || STATUS_SIMULATOR_US=${row%%$'\t'*}
  echo "${row#*$'\t'}"
done
echo
echo "The kernel's side of the same calls, per call (system CPU; read/write-family system calls; context switches):"
echo
printf '| scenario | catalog sys | simulator sys | catalog syscalls | simulator syscalls | catalog switches | simulator switches |\n'
printf '|---|---|---|---|---|---|---|\n'
printf '%s' "$KERNEL_ROWS"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
