-- GET /users/{BENCH_USER}/orders?offset=N with a new N on every request (from BENCH_OFFSET on): each
-- answer is a distinct cache variant of one resource — the check, in docs/benchmarks.md, that the cache
-- stays bounded.
local user = os.getenv("BENCH_USER")
local counter = tonumber(os.getenv("BENCH_OFFSET") or "0")

function setup(thread)
  thread:set("base", counter)
  counter = counter + 10000000
end

function init(args)
  n = base
end

function request()
  n = n + 1
  return wrk.format("GET", "/users/" .. user .. "/orders?offset=" .. n)
end
