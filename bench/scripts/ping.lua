-- POST /ping with a small message (scenario 1).
dofile(os.getenv("BENCH_SCRIPTS") .. "/counting.lua")

function init(args)
  codes = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"msg":"benchmark ping"}'
end
