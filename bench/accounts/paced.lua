-- wrk script: a paced client. Each connection waits PACE_MS (environment) before each request,
-- so the offered rate is connections x 1000 / PACE_MS requests a second whatever the answers'
-- latency (a fixed load, not "as fast as the server answers"). When LOGIN is set, the requests
-- are MPIN logins of the citizen named by MOBILE and MPIN. Counts answers by status.
local pace = tonumber(os.getenv("PACE_MS") or "10")
local threads = {}

if os.getenv("LOGIN") then
  wrk.method = "POST"
  wrk.body = '{"mobile": "' .. os.getenv("MOBILE") .. '", "mpin": "' .. os.getenv("MPIN") .. '"}'
  wrk.headers["Content-Type"] = "application/json"
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function delay()
  return pace
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[status] = (total[status] or 0) + n
    end
  end
  local line = "statuses:"
  for status, n in pairs(total) do
    line = line .. " " .. status .. "=" .. n
  end
  print(line)
end
