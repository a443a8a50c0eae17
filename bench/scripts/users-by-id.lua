-- GET /users/{id} over BENCH_USERS users, ids spread at random (scenarios 3 and 4).
local users = tonumber(os.getenv("BENCH_USERS"))
local first = tonumber(os.getenv("BENCH_FIRST_ID"))

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", "/users/" .. (first + math.random(0, users - 1)))
end
