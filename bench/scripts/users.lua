-- POST /users, each with a nick_name of its own (scenario 6).
dofile(os.getenv("BENCH_SCRIPTS") .. "/counting.lua")

local run = os.getenv("BENCH_RUN") .. (os.getenv("BENCH_ROUND") or "")
local counter = 0

function init(args)
  codes = {}
end

function request()
  counter = counter + 1
  local nick = "b" .. run .. "_" .. tid .. "_" .. counter
  local body = '{"nick_name":"' .. nick .. '","password":"benchmark-password","full_name":"Bench Mark",' ..
      '"cpf":"52998224725","email":"' .. nick .. '@example.com","phone_number":"+55 11 98765-4321"}'
  return wrk.format("POST", "/users", {["Content-Type"] = "application/json"}, body)
end
