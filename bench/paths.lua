-- wrk script: cycle through the paths in $BENCH_PATHS (one per line) and print the figures
-- bench/run.py reads, with the p50 / p95 / p99 that wrk's own summary does not give.
local paths = {}
for line in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^\n]+") do
  table.insert(paths, line)
end
local counter = 0
local non_2xx = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

response = function(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.3f, "errors": %d, "non_2xx": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration / 1e6, errors + summary.errors.status, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
