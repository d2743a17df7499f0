-- wrk script: logs the demo owner in, again and again.
local body = string.format('{"email":"%s","password":"senha-muito-segura"}', os.getenv("BENCH_EMAIL"))

request = function()
  return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json" }, body)
end
