#!/usr/bin/env bash
# The worked example of docs/onboarding.md, run against a local run of the platform: a department
# of the department simulator is onboarded through the gateway, its service is dry-run, published,
# called by a citizen and suspended; then the errors an integrator meets. The answers printed are
# the ones pasted into the guide.
#
#   ./platform.sh up && docs/onboarding-example.sh
#   PLATFORM_PORT_OFFSET=600 docs/onboarding-example.sh     # a local run started with that offset
#
# Environment: GATEWAY, SIMULATOR (default: localhost:8080/8090 plus PLATFORM_PORT_OFFSET),
# DEPARTMENT, SERVICE (codes to create; a second run needs new ones: codes are unique), MOBILE and
# MPIN (the citizen; registered on the first run, logged in on later ones), SECOND_INSTANCE (the URL
# of another catalog-service instance on the same database: the example then measures how soon it
# sees the publication). Needs curl and jq.
set -euo pipefail

OFFSET=${PLATFORM_PORT_OFFSET:-0}
GATEWAY=${GATEWAY:-http://localhost:$((8080 + OFFSET))}
SIMULATOR=${SIMULATOR:-http://localhost:$((8090 + OFFSET))}
DEPARTMENT=${DEPARTMENT:-KA-SARATHI}
SERVICE=${SERVICE:-$DEPARTMENT-DL-VERIFY}
MOBILE=${MOBILE:-9876543210}
MPIN=${MPIN:-2580}
SECOND_INSTANCE=${SECOND_INSTANCE:-}

command -v jq > /dev/null || { echo "onboarding-example: needs jq" >&2; exit 1; }

step() { printf '\n### %s\n' "$*"; }

# api CURL-ARGS...: runs curl, prints the status, the Location header if any and the body (JSON
# pretty-printed); the body stays in $BODY, the status in $STATUS
api() {
  local out headers
  out=$(mktemp)
  headers=$(mktemp)
  STATUS=$(curl -sS -o "$out" -D "$headers" -w '%{http_code}' "$@")
  BODY=$(cat "$out")
  printf 'HTTP %s\n' "$STATUS"
  grep -i '^location:' "$headers" | tr -d '\r' || true
  grep -i '^www-authenticate:' "$headers" | tr -d '\r' || true
  if [ -n "$BODY" ]; then
    jq . <<< "$BODY" 2> /dev/null || printf '%s\n' "$BODY"
  fi
  rm -f "$out" "$headers"
}

# on_second_instance STATUS WHAT: with SECOND_INSTANCE set, waits until that catalog-service
# instance answers the service's page with STATUS and says how long the change took to reach it
on_second_instance() {
  [ -n "$SECOND_INSTANCE" ] || return 0
  local start
  start=$(date +%s%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$SECOND_INSTANCE/api/v1/catalog/services/$SERVICE")" = "$1" ]; do
    sleep 0.05
  done
  printf '%s %s after %d ms\n' "$2" "$SECOND_INSTANCE" $((($(date +%s%N) - start) / 1000000))
}

JSON='Content-Type: application/json'

step "1. An admin token (client_credentials, scope admin)"
api -u platform-admin:local-admin-secret -d grant_type=client_credentials -d scope=admin \
  "$GATEWAY/oauth2/token"
TOKEN=$(jq -r .access_token <<< "$BODY")
ADMIN="Authorization: Bearer $TOKEN"

step "2. The adapter types installed"
api "$GATEWAY/api/v1/admin/adapter-types" -H "$ADMIN"

step "3. Create the department (rest-json, api-key auth)"
api -X POST "$GATEWAY/api/v1/admin/departments" -H "$ADMIN" -H "$JSON" -d '{
  "code": "'"$DEPARTMENT"'",
  "name": {"en": "Transport Department (Sarathi), Karnataka",
           "kn": "ಸಾರಿಗೆ ಇಲಾಖೆ (ಸಾರಥಿ), ಕರ್ನಾಟಕ", "hi": "परिवहन विभाग (सारथी), कर्नाटक"},
  "type": "STATE",
  "state": "KA",
  "adapter": {
    "type": "rest-json",
    "baseUrl": "'"$SIMULATOR/departments/$DEPARTMENT"'",
    "probePath": "/health",
    "auth": {"type": "api-key", "headerName": "X-Api-Key", "apiKey": "sarathi-partner-key-7f3a91"},
    "timeoutMs": 2500,
    "maxConcurrentCalls": 20
  }
}'

step "4. Read it back: the secret is shown as set, never as itself"
api "$GATEWAY/api/v1/admin/departments/$DEPARTMENT" -H "$ADMIN"

step "5. Add a service (created as DRAFT)"
api -X POST "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/services" -H "$ADMIN" -H "$JSON" -d '{
  "code": "'"$SERVICE"'",
  "name": {"en": "Driving licence verification", "hi": "ड्राइविंग लाइसेंस सत्यापन",
           "kn": "ಚಾಲನಾ ಪರವಾನಗಿ ಪರಿಶೀಲನೆ"},
  "description": {"en": "Check that a driving licence issued in Karnataka is valid, and until when.",
                  "hi": "जाँचें कि कर्नाटक में जारी ड्राइविंग लाइसेंस वैध है और कब तक।",
                  "kn": "ಕರ್ನಾಟಕದಲ್ಲಿ ನೀಡಲಾದ ಚಾಲನಾ ಪರವಾನಗಿ ಮಾನ್ಯವಾಗಿದೆಯೇ ಮತ್ತು ಯಾವ ದಿನಾಂಕದವರೆಗೆ ಎಂದು ಪರಿಶೀಲಿಸಿ."},
  "category": "transport",
  "channels": ["android", "ios", "web"],
  "countries": ["IN"],
  "synonyms": {"en": ["dl verification", "sarathi"]},
  "operations": [{
    "code": "verify-licence",
    "name": {"en": "Verify a licence", "hi": "लाइसेंस सत्यापित करें"},
    "method": "POST",
    "path": "/offices/{rtoCode}/licences/verify",
    "inputSchema": {
      "type": "object",
      "required": ["rtoCode", "licenceNumber", "dateOfBirth"],
      "additionalProperties": false,
      "properties": {
        "rtoCode": {"type": "string", "pattern": "^KA[0-9]{2}$",
                    "title": "Issuing RTO", "x-title": {"hi": "जारी करने वाला आरटीओ"},
                    "examples": ["KA01"]},
        "licenceNumber": {"type": "string", "pattern": "^KA[0-9]{13}$",
                          "title": "Driving licence number", "x-title": {"hi": "ड्राइविंग लाइसेंस संख्या"},
                          "examples": ["KA0120110012345"]},
        "dateOfBirth": {"type": "string", "format": "date",
                        "title": "Date of birth", "x-title": {"hi": "जन्म तिथि"},
                        "examples": ["1990-01-31"]}
      }
    },
    "responseMapping": {
      "status": "/status",
      "holder.name": "/holderName",
      "validUntil": "/validUntil",
      "issuedBy": "/issuingAuthority",
      "reference": "/referenceNumber"
    },
    "idempotent": true,
    "cacheTtlSeconds": 300,
    "options": {"bodyFields": ["licenceNumber", "dateOfBirth"]}
  }]
}'

step "6. Dry-run the operation against the department"
api -X POST "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/dry-run" -H "$ADMIN" -H "$JSON" -d '{
  "serviceCode": "'"$SERVICE"'",
  "operationCode": "verify-licence",
  "input": {"rtoCode": "KA01", "licenceNumber": "KA0120110012345", "dateOfBirth": "1990-01-31"}
}'

step "7. A citizen token: OTP (from the simulator's SMS outbox), register, log in"
api -X POST "$GATEWAY/api/v1/auth/otp" -H "$JSON" -d '{"mobile": "'"$MOBILE"'", "purpose": "REGISTER"}'
OTP_REF=$(jq -r .otpRef <<< "$BODY")
api "$SIMULATOR/sms/outbox?mobile=$MOBILE"
OTP=$(jq -r '.[0].text' <<< "$BODY" | grep -o '[0-9]\{6\}' | head -n 1)
api -X POST "$GATEWAY/api/v1/auth/register" -H "$JSON" -d '{"mobile": "'"$MOBILE"'", "otpRef": "'"$OTP_REF"'",
  "otp": "'"$OTP"'", "mpin": "'"$MPIN"'", "name": "Asha Rao", "preferredLanguage": "kn", "state": "KA"}'
api -X POST "$GATEWAY/api/v1/auth/login" -H "$JSON" -d '{"mobile": "'"$MOBILE"'", "mpin": "'"$MPIN"'"}'
CITIZEN="Authorization: Bearer $(jq -r .access_token <<< "$BODY")"

INPUT='{"rtoCode": "KA01", "licenceNumber": "KA0120110012345", "dateOfBirth": "1990-01-31"}'

step "8. The DRAFT is not callable by citizens, nor listed"
api -X POST "$GATEWAY/api/v1/services/$SERVICE/operations/verify-licence" -H "$CITIZEN" -H "$JSON" \
  -H 'X-Channel: android' -d "$INPUT"
api "$GATEWAY/api/v1/catalog/services/$SERVICE"

step "9. Publish it"
api -X PATCH "$GATEWAY/api/v1/admin/services/$SERVICE" -H "$ADMIN" \
  -H 'Content-Type: application/merge-patch+json' -d '{"status": "PUBLISHED"}'
on_second_instance 200 'live on'

step "10. A citizen calls it"
api -X POST "$GATEWAY/api/v1/services/$SERVICE/operations/verify-licence" -H "$CITIZEN" -H "$JSON" \
  -H 'X-Channel: android' -d "$INPUT"
api "$GATEWAY/api/v1/catalog/services/$SERVICE" -H 'Accept-Language: hi'
api "$GATEWAY/api/v1/catalog/services?q=sarathi&size=3"

step "11. Suspend it"
api -X PATCH "$GATEWAY/api/v1/admin/services/$SERVICE" -H "$ADMIN" \
  -H 'Content-Type: application/merge-patch+json' -d '{"status": "SUSPENDED"}'
on_second_instance 404 'gone from'
api -X POST "$GATEWAY/api/v1/services/$SERVICE/operations/verify-licence" -H "$CITIZEN" -H "$JSON" \
  -H 'X-Channel: android' -d "$INPUT"

step "12. The audit trail"
api "$GATEWAY/api/v1/admin/audit?department=$DEPARTMENT" -H "$ADMIN"

step "13. The department's health"
api "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/health?probe=true" -H "$ADMIN"

# ---------------------------------------------------------------------------------------------
printf '\n\n## Errors an integrator meets\n'

step "E1. No token; a citizen's token; a token asked for without scope=admin"
api "$GATEWAY/api/v1/admin/departments/$DEPARTMENT"
api "$GATEWAY/api/v1/admin/departments/$DEPARTMENT" -H "$CITIZEN"
api -u platform-admin:local-admin-secret -d grant_type=client_credentials "$GATEWAY/oauth2/token"
api "$GATEWAY/api/v1/admin/departments/$DEPARTMENT" -H "Authorization: Bearer $(jq -r .access_token <<< "$BODY")"

step "E2. Bad fields: every one named in one answer"
api -X POST "$GATEWAY/api/v1/admin/departments" -H "$ADMIN" -H "$JSON" -d '{
  "code": "ka-rto", "name": {"fr": "Transports"}, "type": "STATE", "region": "south",
  "adapter": {"type": "rest-json", "baseUrl": "ftp://rto.example.org", "timeoutMs": 60000,
              "auth": {"type": "api-key"}}}'

step "E3. A code already taken"
api -X POST "$GATEWAY/api/v1/admin/departments" -H "$ADMIN" -H "$JSON" -d '{
  "code": "'"$DEPARTMENT"'", "name": {"en": "Transport Department, Karnataka"}, "type": "STATE", "state": "KA",
  "adapter": {"type": "rest-json", "baseUrl": "'"$SIMULATOR/departments/$DEPARTMENT"'"}}'

step "E4. The SSRF guard: the cloud metadata address, the platform's own gateway"
api -X POST "$GATEWAY/api/v1/admin/departments" -H "$ADMIN" -H "$JSON" -d '{
  "code": "KA-METADATA", "name": {"en": "Metadata"}, "type": "STATE", "state": "KA",
  "adapter": {"type": "rest-json", "baseUrl": "http://169.254.169.254/latest/meta-data"}}'
api -X POST "$GATEWAY/api/v1/admin/departments" -H "$ADMIN" -H "$JSON" -d '{
  "code": "KA-LOOP", "name": {"en": "Loop"}, "type": "STATE", "state": "KA",
  "adapter": {"type": "rest-json", "baseUrl": "'"$GATEWAY"'/api/v1/admin"}}'

step "E5. A service whose schema and path disagree"
api -X POST "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/services" -H "$ADMIN" -H "$JSON" -d '{
  "code": "'"$DEPARTMENT"'-RC-STATUS", "name": {"en": "Registration certificate status"},
  "description": {"en": "Where a vehicle registration application stands."},
  "category": "transport", "channels": ["android", "web"], "countries": ["IN"],
  "operations": [{"code": "rc-status", "name": {"en": "Status"}, "method": "GET",
    "path": "/registrations/{applicationNumber}/status",
    "inputSchema": {"type": "object", "properties": {
      "applicationNumber": {"type": "string", "pattern": "^RC[0-9]{8}$", "examples": ["RC123"]}}},
    "idempotent": true}]}'

step "E6. A service code already taken; a department that does not exist"
api -X POST "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/services" -H "$ADMIN" -H "$JSON" -d '{
  "code": "'"$SERVICE"'", "name": {"en": "Again"}, "description": {"en": "Again"}, "category": "transport",
  "channels": ["web"], "countries": ["IN"],
  "operations": [{"code": "status", "name": {"en": "Status"}, "method": "GET", "path": "/status",
    "inputSchema": {"type": "object", "additionalProperties": false}, "idempotent": true}]}'
api -X POST "$GATEWAY/api/v1/admin/departments/KA-NOWHERE/services" -H "$ADMIN" -H "$JSON" -d '{}'

step "E7. A dry run whose input breaks the schema"
api -X POST "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/dry-run" -H "$ADMIN" -H "$JSON" -d '{
  "serviceCode": "'"$SERVICE"'", "operationCode": "verify-licence",
  "input": {"rtoCode": "MH12", "licenceNumber": "KA0120110012345", "dateOfBirth": "31/01/1990"}}'

step "E8. A dry run while the department is down, and while it is slower than timeoutMs"
api -X PUT "$SIMULATOR/faults/$DEPARTMENT" -H "$JSON" -d '{"down": true}'
api -X POST "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/dry-run" -H "$ADMIN" -H "$JSON" -d '{
  "serviceCode": "'"$SERVICE"'", "operationCode": "verify-licence", "input": '"$INPUT"'}'
api -X PUT "$SIMULATOR/faults/$DEPARTMENT" -H "$JSON" -d '{"latencyMs": 3000}'
api -X POST "$GATEWAY/api/v1/admin/departments/$DEPARTMENT/dry-run" -H "$ADMIN" -H "$JSON" -d '{
  "serviceCode": "'"$SERVICE"'", "operationCode": "verify-licence", "input": '"$INPUT"'}'
api -X DELETE "$SIMULATOR/faults/$DEPARTMENT"

step "E9. A status that does not exist; a body that is not JSON; a body that is not declared JSON"
api -X PATCH "$GATEWAY/api/v1/admin/services/$SERVICE" -H "$ADMIN" -H "$JSON" -d '{"status": "LIVE"}'
api -X PATCH "$GATEWAY/api/v1/admin/services/$SERVICE" -H "$ADMIN" -H "$JSON" -d '{"status": PUBLISHED}'
api -X PATCH "$GATEWAY/api/v1/admin/services/$SERVICE" -H "$ADMIN" -H 'Content-Type: text/plain' \
  -d '{"status": "PUBLISHED"}'

step "E10. Change the department: rotate its key (JSON merge patch)"
api -X PATCH "$GATEWAY/api/v1/admin/departments/$DEPARTMENT" -H "$ADMIN" \
  -H 'Content-Type: application/merge-patch+json' -d '{"adapter": {"auth": {"apiKey": "sarathi-partner-key-2027"}}}'
api "$GATEWAY/api/v1/admin/audit?department=$DEPARTMENT&size=1" -H "$ADMIN"

step "E11. Published again: a citizen on a channel or in a country the service is not offered on"
api -X PATCH "$GATEWAY/api/v1/admin/services/$SERVICE" -H "$ADMIN" -H "$JSON" -d '{"status": "PUBLISHED"}' > /dev/null
api -X POST "$GATEWAY/api/v1/services/$SERVICE/operations/verify-licence" -H "$CITIZEN" -H "$JSON" \
  -H 'X-Channel: kaios' -d "$INPUT"
api -X POST "$GATEWAY/api/v1/services/$SERVICE/operations/verify-licence" -H "$CITIZEN" -H "$JSON" \
  -H 'X-Country: GB' -d "$INPUT"
