-- wrk: replays of POST /api/v1/payments: the same keys and bodies as a finished create run.
-- env: TOKEN, RUN (the create run's prefix), FIRST, COUNT (the keys to cycle through)
local first = tonumber(os.getenv("FIRST") or "1")
local count = tonumber(os.getenv("COUNT") or "1000")
local token = os.getenv("TOKEN")
local run = os.getenv("RUN") or "run"
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

request = function()
  local n = first + (i % count)
  i = i + 1
  wrk.headers["Idempotency-Key"] = run .. "-" .. n
  local body = '{"billId": "bench_bill_' .. n .. '", "amount": {"value": "499.00", "currency": "INR"}, "method": "UPI"}'
  return wrk.format(nil, "/api/v1/payments", nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d non2xx_or_errors=%d\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
