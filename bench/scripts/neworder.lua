-- POST /queue/neworder for the benchmark user (scenario 5).
dofile(os.getenv("BENCH_SCRIPTS") .. "/counting.lua")

function init(args)
  codes = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"user_id":' .. os.getenv("BENCH_USER_ID") ..
      ',"item_description":"Benchmark order","item_quantity":2,"item_price":1250}'
end
