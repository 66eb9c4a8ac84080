-- wrk: POST /api/v1/payments, each request a new Idempotency-Key and a new seeded bill.
-- env: TOKEN (citizen bearer token), RUN (a prefix making keys unique per run), FIRST (first bill no.)
local counter = tonumber(os.getenv("FIRST") or "1") - 1
local token = os.getenv("TOKEN")
local run = os.getenv("RUN") or "run"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = run .. "-" .. counter
  local body = '{"billId": "bench_bill_' .. counter .. '", "amount": {"value": "499.00", "currency": "INR"}, "method": "UPI"}'
  return wrk.format(nil, "/api/v1/payments", nil, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d non2xx_or_errors=%d\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
