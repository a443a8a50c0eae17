-- Counts answers by HTTP status in every wrk thread and prints "STATUS <code> <count>" lines at the end,
-- so the harness can compare what was accepted with what was stored. Loaded by the scenario scripts.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("codes")) do
      totals[code] = (totals[code] or 0) + n
    end
  end
  for code, n in pairs(totals) do
    io.write(string.format("STATUS %d %d\n", code, n))
  end
end
