-- wrk script: the bare endpoint (one INSERT per request), with a body of a ballot's size.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"session_id": 1, "answers": {"choices": [7]}, "code": "Q-ABCD-EFGH-JKMN-PQRST"}'
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d p50_ms=%.2f p99_ms=%.2f\n", summary.requests,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
