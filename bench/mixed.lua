-- wrk script for bench/load.py: cycles through a shuffled list of paths (one per line in the
-- file given after "--"), each thread from its own offset, and counts responses by class.
local paths = {}
local position = 0
n2xx, n3xx, n4xx, n5xx = 0, 0, 0, 0
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  position = (thread_id or 0) * 997
end

function request()
  position = position + 1
  return wrk.format("GET", paths[(position % #paths) + 1])
end

function response(status, headers, body)
  if status < 300 then n2xx = n2xx + 1
  elseif status < 400 then n3xx = n3xx + 1
  elseif status < 500 then n4xx = n4xx + 1
  else n5xx = n5xx + 1 end
end

function done(summary, latency, requests)
  local totals = {0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    totals[1] = totals[1] + thread:get("n2xx")
    totals[2] = totals[2] + thread:get("n3xx")
    totals[3] = totals[3] + thread:get("n4xx")
    totals[4] = totals[4] + thread:get("n5xx")
  end
  io.write(string.format("STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", totals[1], totals[2], totals[3], totals[4]))
  io.write(string.format("LATENCY p50=%.3f p90=%.3f p99=%.3f max=%.3f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
