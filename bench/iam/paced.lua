-- wrk script: each connection waits between requests so all of them together offer about
-- HETUMIND_BENCH_RATE requests/s (wrk's latency figures then are those of a paced load, not of saturation).
local rate = tonumber(os.getenv("HETUMIND_BENCH_RATE") or "5000")
local connections = tonumber(os.getenv("HETUMIND_BENCH_PACED_CONNECTIONS") or "15")
function delay()
  return connections * 1000 / rate
end
