-- wrk script: each request casts one ballot with its own one-time code (codes split between threads).
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  codes = {}
  local session_id = args[1]
  local path = args[2]
  local nthreads = tonumber(args[3])
  local candidate = args[4]
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == (id - 1) then table.insert(codes, line) end
    i = i + 1
  end
  next_code = 1
  body_prefix = '{"session_id": ' .. session_id .. ', "answers": {"choices": [' .. candidate .. ']}, "code": "'
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  errors = 0
end

function request()
  local code = codes[next_code]
  next_code = next_code + 1
  return wrk.format(nil, "/api/v1/ballots", nil, body_prefix .. code .. '"}')
end

function response(status, headers, body)
  if status ~= 201 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("errors") end
  io.write(string.format("RESULT requests=%d non201=%d p50_ms=%.2f p99_ms=%.2f\n", summary.requests, bad,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
