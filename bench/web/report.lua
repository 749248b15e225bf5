-- Prints one JSON line with the figures the benchmark driver records.
-- Optional: BODY_FILE (a JSON body to POST), AUTH (an Authorization header), COOKIE, CSRF.
local body_file = os.getenv("BODY_FILE")
if body_file == "" then body_file = nil end
local auth = os.getenv("AUTH")
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")

if body_file then
  local f = io.open(body_file, "r")
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end
if auth then wrk.headers["Authorization"] = auth end
if cookie then wrk.headers["Cookie"] = cookie end
if csrf then wrk.headers["X-CSRFToken"] = csrf end

-- TOKENS (comma-separated bearer tokens): each request takes the next one, so the load comes
-- from that many patients, as a clinic's does, instead of one patient on every connection.
local tokens = {}
for token in string.gmatch(os.getenv("TOKENS") or "", "[^,]+") do
  table.insert(tokens, token)
end
if #tokens > 0 then
  local n = 0
  request = function()
    n = n + 1
    wrk.headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]
    return wrk.format()
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "non2xx": %d, "socket_errors": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
