-- wrk script: POST /v1/session/message like the upstream harness (fresh session per request
-- is not needed for throughput; the gateway replaces nothing when session_id is absent), and
-- print p95 and the error count in a line run.sh can parse.
wrk.method = "POST"
wrk.body = '{"message":"ping","attachments":[],"metadata":{"tenant":"bench"}}'
wrk.headers["Content-Type"] = "application/json"

non_200 = 0  -- global: done() reads it from each thread with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
  end
end

function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do
    errors = errors + (thread:get("non_200") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.0f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f non_200=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
