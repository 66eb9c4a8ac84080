#!/usr/bin/env bash
# The local run of the whole platform: one command starts it, one stops it.
#
#   ./platform.sh up       build what is missing or stale, start PostgreSQL (embedded, data in
#                          var/pgdata) unless DB_HOST is set, start the five processes, wait
#                          until all are healthy, print the gateway URL
#   ./platform.sh down     stop exactly what 'up' started (by the pids it recorded)
#   ./platform.sh status   show each process, its pid, port and health
#   ./platform.sh logs X   follow the log of process X (gateway, catalog, user, payment,
#                          simulator, postgres)
#
# ops/scale-out/run.sh sources this file for its functions (a second instance is named NAME-2).
#
# Environment:
#   DB_HOST, DB_PORT, DB_USER, DB_PASSWORD   use this PostgreSQL instead of the embedded one;
#                                            the databases catalog, users and payments are
#                                            created on it when missing
#   PLATFORM_PORT_OFFSET    add this to every port (to run a second copy beside the first)
#   PLATFORM_START_TIMEOUT  seconds to wait for all processes to be healthy (default 300; they
#                           take 50-75 s on 2 idle cores, over 2 min when builds load the machine;
#                           a process that exits during start-up is reported at once)
#   JAVA_HOME, JAVA_OPTS    the JVM to run with and its options
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VAR="$ROOT/var"
LOG_DIR="$VAR/log"
RUN_DIR="$VAR/run"
OFFSET=${PLATFORM_PORT_OFFSET:-0}
TIMEOUT=${PLATFORM_START_TIMEOUT:-300}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx512m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED"}

GATEWAY_PORT=$((8080 + OFFSET))
CATALOG_PORT=$((8081 + OFFSET))
USER_PORT=$((8082 + OFFSET))
PAYMENT_PORT=$((8083 + OFFSET))
SIMULATOR_PORT=$((8090 + OFFSET))
PG_PORT=$((15432 + OFFSET))
# the port the services connect to: the external server's (5432 unless DB_PORT says) or the embedded one's
if [ -n "${DB_HOST:-}" ]; then DB_SERVER_PORT=${DB_PORT:-5432}; else DB_SERVER_PORT=$PG_PORT; fi

# start order; 'down' stops in reverse
SERVICES=(simulator user catalog payment gateway)

module_of() {
  # a second instance of a service is named with a suffix (catalog-2, ops/scale-out/run.sh)
  case "${1%-[0-9]}" in
    gateway) echo gateway-service ;;
    catalog) echo catalog-service ;;
    user) echo user-service ;;
    payment) echo payment-service ;;
    simulator) echo department-simulator ;;
    postgres) echo local-postgres ;;
  esac
}

port_of() {
  case "$1" in
    # a second instance listens 50 ports above the first
    *-2) echo $(($(port_of "${1%-2}") + 50)) ;;
    gateway) echo "$GATEWAY_PORT" ;;
    catalog) echo "$CATALOG_PORT" ;;
    user) echo "$USER_PORT" ;;
    payment) echo "$PAYMENT_PORT" ;;
    simulator) echo "$SIMULATOR_PORT" ;;
    postgres) echo "$DB_SERVER_PORT" ;;
  esac
}

jar_of() { local m; m=$(module_of "$1"); echo "$ROOT/$m/target/$m.jar"; }

# The jar a long-running process runs: a copy of the build's in var/run/jars. A build in this
# checkout (./mvnw verify, say, while the platform runs) rewrites target/*.jar, and a JVM whose
# jar is rewritten under it fails later with NoClassDefFoundError; the copy is never rewritten
# while its process runs (a new copy replaces it by rename, a new file).
run_jar_of() {
  local m copy
  m=$(module_of "$1")
  copy="$RUN_DIR/jars/$m.jar"
  mkdir -p "$RUN_DIR/jars"
  cp -f "$(jar_of "$1")" "$copy.tmp" && mv -f "$copy.tmp" "$copy" || fail "cannot copy $(rel "$(jar_of "$1")") to $(rel "$copy")"
  echo "$copy"
}

say() { printf '%s\n' "$*"; }
rel() { echo "${1#"$ROOT"/}"; }
fail() { printf 'platform: %s\n' "$*" >&2; exit 1; }

# pid of a running process we started, or nothing
running_pid() {
  local name=$1 pidfile="$RUN_DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep "$(module_of "$name").jar" > /dev/null; then
    echo "$pid"
  fi
}

# whether the process 'up' started for X is alive; unlike running_pid it also counts the instant
# between the fork and the exec of java, which takes seconds on a loaded machine
alive() {
  local pidfile="$RUN_DIR/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

build_if_needed() {
  local stale=0 jar oldest=""
  for name in postgres "${SERVICES[@]}"; do
    jar=$(jar_of "$name")
    if [ ! -f "$jar" ]; then stale=1; break; fi
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest=$jar; fi
  done
  if [ $stale -eq 0 ]; then
    # any source, resource or POM newer than the oldest jar?
    if [ -n "$(find "$ROOT" -path "$VAR" -prune -o -path '*/target' -prune -o -path '*/.git' -prune -o \
        -path "$ROOT/bench" -prune -o \
        \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$oldest" -print -quit)" ]; then
      stale=1
    fi
  fi
  if [ $stale -eq 1 ]; then
    local name
    for name in postgres "${SERVICES[@]}"; do
      if [ -n "$(running_pid "$name")" ]; then
        # the running processes keep their build (copies in var/run/jars); the others must start
        # from the same one, so nothing is rebuilt until they are all stopped
        say "The sources changed since the running processes were built; they keep running as they are."
        say "Run './platform.sh down' and then './platform.sh up' to rebuild and restart with the changes."
        return
      fi
    done
    say "Building the platform (./mvnw package, tests skipped) ..."
    (cd "$ROOT" && ./mvnw -q -B -Dmaven.test.skip=true -Djacoco.skip=true package) \
      || fail "the build failed; run './mvnw -B package -DskipTests' to see why"
  fi
}

start_postgres() {
  if [ -n "${DB_HOST:-}" ]; then
    say "Using the PostgreSQL at ${DB_HOST}:${DB_SERVER_PORT}; creating missing databases ..."
    "$JAVA" -jar "$(jar_of postgres)" create \
      --jdbc-url "jdbc:postgresql://${DB_HOST}:${DB_SERVER_PORT}/postgres" \
      --user "${DB_USER:-postgres}" --password "${DB_PASSWORD:-}" \
      --databases catalog,users,payments > "$LOG_DIR/postgres.log" 2>&1 \
      || { tail -n 20 "$LOG_DIR/postgres.log" >&2; fail "cannot create the databases on ${DB_HOST}"; }
    return
  fi
  if [ -n "$(running_pid postgres)" ]; then
    say "postgres   already running (pid $(running_pid postgres))"
    return
  fi
  say "Starting PostgreSQL 17 (embedded, data in $(rel "$VAR")/pgdata) on port $PG_PORT ..."
  nohup "$JAVA" -Xmx256m -jar "$(run_jar_of postgres)" serve --data-dir "$VAR/pgdata" --port "$PG_PORT" \
    --databases catalog,users,payments > "$LOG_DIR/postgres.log" 2>&1 &
  echo $! > "$RUN_DIR/postgres.pid"
  local waited=0
  until grep -q "PostgreSQL ready" "$LOG_DIR/postgres.log" 2>/dev/null; do
    if ! alive postgres; then
      tail -n 30 "$LOG_DIR/postgres.log" >&2
      fail "PostgreSQL did not start (log above, $(rel "$LOG_DIR")/postgres.log)"
    fi
    sleep 0.5
    waited=$((waited + 1))
    [ $waited -lt 120 ] || fail "PostgreSQL did not start within 60 s ($(rel "$LOG_DIR")/postgres.log)"
  done
}

service_env() {
  # everything a service needs to find the others, as environment variables
  local db_host=${DB_HOST:-127.0.0.1} db_port=$DB_SERVER_PORT
  echo "DB_HOST=$db_host"
  echo "DB_PORT=$db_port"
  echo "DB_USER=${DB_USER:-postgres}"
  echo "DB_PASSWORD=${DB_PASSWORD:-}"
  echo "PLATFORM_SERVICES_USER=http://127.0.0.1:$USER_PORT"
  echo "PLATFORM_SERVICES_CATALOG=http://127.0.0.1:$CATALOG_PORT"
  echo "PLATFORM_SERVICES_PAYMENT=http://127.0.0.1:$PAYMENT_PORT"
  echo "PLATFORM_SERVICES_SIMULATOR=http://127.0.0.1:$SIMULATOR_PORT"
  echo "PLATFORM_SERVICES_GATEWAY=http://127.0.0.1:$GATEWAY_PORT"
  # the issuer every token names (the public URL, through the gateway); services fetch the JWKS
  # from user-service directly (PLATFORM_SERVICES_USER/oauth2/jwks)
  echo "PLATFORM_SECURITY_ISSUER=http://localhost:$GATEWAY_PORT"
}

# start_service NAME [--spring.property=value ...]: the extra arguments go to the service
start_service() {
  local name=$1 port jar pid
  shift
  port=$(port_of "$name")
  pid=$(running_pid "$name")
  if [ -n "$pid" ]; then
    say "$(printf '%-10s' "$name") already running (pid $pid)"
    return
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is taken by another program; stop it or set PLATFORM_PORT_OFFSET"
  fi
  jar=$(run_jar_of "$name")
  # shellcheck disable=SC2046
  env $(service_env) nohup "$JAVA" $JAVA_OPTS -jar "$jar" \
    --server.port="$port" --spring.profiles.active=local "$@" \
    > "$LOG_DIR/$name.log" 2>&1 &
  echo $! > "$RUN_DIR/$name.pid"
  say "$(printf '%-10s' "$name") starting (pid $!, port $port)"
}

healthy() {
  curl -fsS -m 2 "http://127.0.0.1:$(port_of "$1")/actuator/health/readiness" > /dev/null 2>&1
}

wait_healthy() {
  local start=$SECONDS pending name
  while :; do
    pending=()
    for name in "${SERVICES[@]}"; do
      if ! alive "$name"; then
        say "" >&2
        say "--- last lines of $(rel "$LOG_DIR")/$name.log ---" >&2
        tail -n 40 "$LOG_DIR/$name.log" >&2
        fail "$name exited during start-up (log above)"
      fi
      healthy "$name" || pending+=("$name")
    done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ $((SECONDS - start)) -ge "$TIMEOUT" ]; then
      for name in "${pending[@]}"; do
        say "" >&2
        say "--- last lines of $(rel "$LOG_DIR")/$name.log ---" >&2
        tail -n 40 "$LOG_DIR/$name.log" >&2
      done
      fail "not healthy after ${TIMEOUT}s: ${pending[*]} (logs above; './platform.sh down' stops the rest)"
    fi
    sleep 1
  done
}

up() {
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  command -v curl > /dev/null || fail "curl is needed to check health"
  build_if_needed
  local t0=$SECONDS
  start_postgres
  for name in "${SERVICES[@]}"; do start_service "$name"; done
  say "Waiting until all processes are healthy (at most ${TIMEOUT}s) ..."
  wait_healthy
  say ""
  say "The platform is up in $((SECONDS - t0))s."
  say "  Gateway:        http://localhost:$GATEWAY_PORT  (try: curl -s localhost:$GATEWAY_PORT/api/v1/catalog/stats)"
  say "  Swagger UI:     http://localhost:$GATEWAY_PORT/swagger-ui.html"
  say "  Simulator:      http://localhost:$SIMULATOR_PORT  (SMS outbox: /sms/outbox?mobile=9876543210)"
  say "  Admin client:   platform-admin / local-admin-secret (scope admin, local runs only)"
  say "  Logs:           var/log/   Stop: ./platform.sh down"
}

stop_pid() {
  local name=$1 pid=$2 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.5
    waited=$((waited + 1))
    if [ $waited -ge 60 ]; then
      say "$name did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
  done
}

down() {
  local name pid
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    name=${SERVICES[$i]}
    pid=$(running_pid "$name")
    if [ -n "$pid" ]; then
      stop_pid "$name" "$pid"
      say "$(printf '%-10s' "$name") stopped"
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
  pid=$(running_pid postgres)
  if [ -n "$pid" ]; then
    stop_pid postgres "$pid"
    say "postgres   stopped"
  fi
  rm -f "$RUN_DIR/postgres.pid"
  # the server itself, should its launcher have been killed without stopping it
  if [ -f "$VAR/pgdata/postmaster.pid" ]; then
    pid=$(head -n 1 "$VAR/pgdata/postmaster.pid")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q postgres "/proc/$pid/cmdline" 2>/dev/null; then
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
  fi
}

status() {
  local name pid state
  printf '%-10s %-8s %-6s %s\n' PROCESS PID PORT STATE
  for name in postgres "${SERVICES[@]}"; do
    pid=$(running_pid "$name")
    if [ "$name" = postgres ] && [ -n "${DB_HOST:-}" ]; then
      printf '%-10s %-8s %-6s %s\n' "$name" - "$DB_SERVER_PORT" "external (${DB_HOST})"
      continue
    fi
    if [ -z "$pid" ]; then
      state=stopped
    elif [ "$name" = postgres ] || healthy "$name"; then
      state=healthy
    else
      state="running, not ready"
    fi
    printf '%-10s %-8s %-6s %s\n' "$name" "${pid:--}" "$(port_of "$name")" "$state"
  done
}

logs() {
  local name=${1:-gateway}
  [ -f "$LOG_DIR/$name.log" ] || fail "no log for '$name' in var/log"
  tail -n 100 -f "$LOG_DIR/$name.log"
}

# sourced by another script for these functions (ops/scale-out/run.sh): run no command
if [ "${BASH_SOURCE[0]}" != "$0" ]; then return 0; fi

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  logs) shift; logs "$@" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
