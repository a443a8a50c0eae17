-- POST /auth/login as one user with the right password (scenario 6l): one Argon2id verification each.
dofile(os.getenv("BENCH_SCRIPTS") .. "/counting.lua")

local body = '{"nick_name":"' .. os.getenv("BENCH_NICK") .. '","password":"benchmark-password"}'

function init(args)
  codes = {}
end

function request()
  return wrk.format("POST", "/auth/login", {["Content-Type"] = "application/json"}, body)
end
