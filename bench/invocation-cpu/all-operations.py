#!/usr/bin/env python3
"""Calls every citizen operation of the shipped catalogue with the `examples` of its input schema
(and again with only its required fields, when some are optional), through catalog-service (and a sample through the gateway), and counts the answers by
adapter type and status: the check that the department simulator answers every operation of the
catalogue with what each adapter expects.

    PLATFORM_PORT_OFFSET=300 ./platform.sh up
    PLATFORM_PORT_OFFSET=300 bench/invocation-cpu/all-operations.py

Needs only python3. Registers a citizen (OTP from the simulator's SMS outbox) for the token.
"""
import collections
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

OFFSET = int(os.environ.get("PLATFORM_PORT_OFFSET", "0"))
GATEWAY = f"http://127.0.0.1:{8080 + OFFSET}"
CATALOG = f"http://127.0.0.1:{8081 + OFFSET}"
SIMULATOR = f"http://127.0.0.1:{8090 + OFFSET}"


def call(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode(errors="replace")


def citizen_token():
    mobile = "9" + str(time.time_ns())[-9:]
    status, otp = call("POST", GATEWAY + "/api/v1/auth/otp", {"mobile": mobile, "purpose": "REGISTER"})
    assert status == 202, otp
    _, outbox = call("GET", f"{SIMULATOR}/sms/outbox?mobile={mobile}")
    items = outbox["items"] if isinstance(outbox, dict) else outbox
    code = re.search(r"\b(\d{6})\b", items[0]["text"]).group(1)
    status, tokens = call("POST", GATEWAY + "/api/v1/auth/register", {
        "mobile": mobile, "otpRef": otp["otpRef"], "otp": code, "mpin": "582914", "name": "Catalogue Walker"})
    assert status == 201, tokens
    return mobile, tokens["access_token"]


def example_input(schema):
    values = {}
    for name, prop in (schema.get("properties") or {}).items():
        if prop.get("examples"):
            values[name] = prop["examples"][0]
    return values


def required_only(schema):
    required = set(schema.get("required") or [])
    return {name: value for name, value in example_input(schema).items() if name in required}


def main():
    mobile, token = citizen_token()
    started = time.time()
    auth = {"Authorization": "Bearer " + token}
    services, page = [], 0
    while True:
        status, body = call("GET", f"{CATALOG}/api/v1/catalog/services?page={page}&size=100")
        assert status == 200, body
        services += body["items"]
        page += 1
        if page >= body["page"]["totalPages"]:
            break
    _, departments = call("GET", f"{CATALOG}/api/v1/catalog/departments?size=100")
    counts = collections.Counter()
    problems = []
    calls = 0
    for service in services:
        status, detail = call("GET", f"{CATALOG}/api/v1/catalog/services/{service['code']}")
        if status != 200:
            problems.append((service["code"], "-", status, "detail"))
            continue
        for operation in detail.get("operations", []):
            if time.time() - started > 600:  # tokens live 15 minutes
                _, login = call("POST", GATEWAY + "/api/v1/auth/login", {"mobile": mobile, "mpin": "582914"})
                auth = {"Authorization": "Bearer " + login["access_token"]}
                started = time.time()
            schema = operation.get("inputSchema") or {}
            inputs = [example_input(schema)]
            if required_only(schema) != inputs[0]:
                inputs.append(required_only(schema))  # optional fields left out, as a citizen may
            for given in inputs:
                status, answer = call(
                    "POST",
                    f"{CATALOG}/api/v1/services/{service['code']}/operations/{operation['code']}",
                    given,
                    auth)
                calls += 1
                kind = service["type"]
                counts[(kind, status)] += 1
                # the inputs are the examples, which the simulator answers: any other answer than
                # 200 (a 404 RECORD_NOT_FOUND, a 422 NO_BILL_DUE as much as a 5xx) is a problem
                if status != 200:
                    problems.append((service["code"], operation["code"], status, sorted(given),
                                     answer.get("code") if isinstance(answer, dict) else str(answer)[:80]))
    print(f"{len(services)} services, {calls} operation calls through catalog-service")
    for (kind, status), n in sorted(counts.items()):
        print(f"  {kind:8} {status}: {n}")
    print(f"{len(problems)} calls answered other than 200")
    for problem in problems[:40]:
        print("  ", *problem)
    # a sample through the gateway, as a citizen's app calls it
    sample = [s for s in services if s["code"].startswith("EPFO")][:3] + [s for s in services if s["type"] == "UTILITY"][:3]
    for service in sample:
        _, detail = call("GET", f"{GATEWAY}/api/v1/catalog/services/{service['code']}")
        operation = detail["operations"][0]
        status, answer = call("POST", f"{GATEWAY}/api/v1/services/{service['code']}/operations/{operation['code']}",
                              example_input(operation["inputSchema"]), auth)
        print(f"gateway: {service['code']} {operation['code']} -> {status}"
              f" {json.dumps(answer)[:160] if status == 200 else answer.get('code')}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
