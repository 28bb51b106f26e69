-- POST /auth/refresh along one session chain per connection: run with as many connections as threads.
-- Each thread starts from its own refresh token (one line each in $BENCH_TOKENS) and follows the rotation.
local tokens = {}
local next_index = 0
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  table.insert(tokens, line)
end

function setup(thread)
  next_index = next_index + 1
  thread:set("token", tokens[next_index])
end

function request()
  return wrk.format("POST", "/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refreshToken":"' .. token .. '"}')
end

function response(status, headers, body)
  local rotated = body:match('"refreshToken":"([^"]+)"')
  if rotated then
    token = rotated
  end
end
