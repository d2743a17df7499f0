-- wrk script: places one-unit orders, each of one of the benchmark's products (BENCH_PRODUCTS, comma-separated),
-- so that rows are contended about as much as pgbench's TPC-B branches at scale 10.
local token = os.getenv("BENCH_TOKEN")
local bodies = {}
for product in string.gmatch(os.getenv("BENCH_PRODUCTS"), "[^,]+") do
  bodies[#bodies + 1] = string.format('{"items":[{"productId":"%s","quantity":1}]}', product)
end
local counter = 0

request = function()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  return wrk.format("POST", "/api/orders", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
