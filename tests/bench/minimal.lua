-- wrk script: the minimal endpoint (one INSERT per request) under the same load.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "{}"
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d p50_ms=%.2f p99_ms=%.2f\n", summary.requests,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
