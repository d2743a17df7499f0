-- wrk script: creates products, each with a distinct name, for the write-path benchmark.
local counter = 0
local token = os.getenv("BENCH_TOKEN")

request = function()
  counter = counter + 1
  local body = string.format('{"name":"Produto de carga %d","priceCents":%d,"tags":["carga"]}', counter, 1000 + counter)
  return wrk.format("POST", "/api/products", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
