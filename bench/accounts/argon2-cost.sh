#!/usr/bin/env bash
# CPU cost of one MPIN check with the production Argon2id parameters (see Argon2Cost.java).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
M2=${M2:-$HOME/.m2/repository}
CP=$(ls "$M2"/org/springframework/security/spring-security-crypto/7.0.6/*.jar):$(ls "$M2"/org/bouncycastle/bcprov-jdk18on/1.82/*.jar)
CP=$CP:$(ls "$M2"/commons-logging/commons-logging/*/commons-logging-*.jar 2>/dev/null | head -1):$(ls "$M2"/org/springframework/spring-core/7.0.8/spring-core-7.0.8.jar)
java -cp "$CP" "$ROOT/bench/accounts/Argon2Cost.java" "${1:-50}"
