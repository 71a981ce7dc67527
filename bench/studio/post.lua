-- wrk script: POST the bench body; with HETUMIND_BENCH_RATE set, each connection paces itself so that all
-- HETUMIND_BENCH_PACED_CONNECTIONS together offer about that many requests/s (latency of a paced load, not saturation).
wrk.method = "POST"
wrk.body = '{"name":"bench","n":21}'
wrk.headers["Content-Type"] = "application/json"
local rate = tonumber(os.getenv("HETUMIND_BENCH_RATE") or "0")
local connections = tonumber(os.getenv("HETUMIND_BENCH_PACED_CONNECTIONS") or "16")
if rate > 0 then
  function delay()
    return connections * 1000 / rate
  end
end
