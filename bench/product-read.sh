#!/usr/bin/env bash
# A product read served from Catalog's Redis cache, as a ratio against a bare Kestrel endpoint returning the same
# JSON bytes from memory (bench/BareEndpoint), both driven by wrk with 16 connections on loopback. Catalog's read
# carries the owner's real token and passes every layer a request passes: authentication (the token's signature is
# verified once, then its validation is remembered), authorization, the rate limiter (a lease from Redis now and then),
# the tenant directory, the cache (the instance's memory tier in front of Redis) and the view counter. Also prints
# Catalog's resident memory after the run. Bounded: its own services on 5201-5204, stopped when it ends.
#
#   bash bench/product-read.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
duration=${DURATION:-4}
rounds=${ROUNDS:-12}
connections=16
admin=http://127.0.0.1:5201
catalog=http://127.0.0.1:5202
search=http://127.0.0.1:5203
bare=http://127.0.0.1:5204
source bench/lib.sh
dotnet build bench/BareEndpoint -c Release -nologo -v quiet -clp:ErrorsOnly >&2
start admin Admin "$admin"
start catalog Catalog "$catalog"
catalog_pid=${pids[-1]}
start search Search "$search"

DEMO_DATABASE_TYPE=${STORE:-postgres} open_shop 2>/dev/null
auth=(-H "Authorization: Bearer $token")
product=$(curl -s -X POST "$catalog/api/products" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"name":"Caneca de cerâmica","description":"350 ml, lava-louças","priceCents":4990,"tags":["cozinha","presente"]}' |
  sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
body=$(mktemp)
curl -s "$catalog/api/products/$product" "${auth[@]}" >"$body" # the first read fills the cache
BENCH_JSON_FILE=$body ASPNETCORE_URLS=$bare dotnet bench/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll >"$logs/bench-bare.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 60); do curl -s -o /dev/null "$bare/product" && break; sleep 0.5; done
cmp -s "$body" <(curl -s "$bare/product") || { echo "the bare endpoint does not serve Catalog's body" >&2; exit 1; }

measure() { # label url [extra wrk args...]
  local label=$1 url=$2 out
  shift 2
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$url")
  printf '%s\t%s\t%s\t%s\n' "$label" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}
# Warm-up, unmeasured: both processes reach their optimised (tiered) code before either is timed; a profile of
# Catalog still showed the JIT at 14% of its CPU 10 s into load, so the warm-up is long.
wrk -t2 -c"$connections" -d5s "$bare/product" >/dev/null
wrk -t2 -c"$connections" -d15s "${auth[@]}" "$catalog/api/products/$product" >/dev/null
# Paired rounds: this VM's speed drifts by a third between minutes (the bare endpoint alone has read 42,000 to 63,000
# req/s), so a ratio is only fair between neighbours, and the median of the rounds' ratios is the figure. Rounds are
# short and many, and every other round measures Catalog first, so a drift within a round favours neither side.
echo
echo "16 connections, ${duration} s each, ${rounds} paired rounds, ${STORE:-postgres} shop, 2 cores shared by wrk, the services, Redis and PostgreSQL"
printf '%-6s %-34s %12s %10s %10s %12s\n' "round" "endpoint" "req/s" "p50" "p99" "vs bare"
ratios=()
measure_bare() { measure "bare endpoint, same JSON" "$bare/product"; }
measure_catalog() { measure "catalog GET product (cache hit)" "$catalog/api/products/$product" "${auth[@]}"; }
for round in $(seq 1 "$rounds"); do
  if ((round % 2)); then
    bare_line=$(measure_bare)
    catalog_line=$(measure_catalog)
  else
    catalog_line=$(measure_catalog)
    bare_line=$(measure_bare)
  fi
  results=$(printf '%s\n%s\n' "$bare_line" "$catalog_line")
  reference=$(awk -F'\t' 'NR == 1 {print $2}' <<<"$results")
  while IFS=$'\t' read -r label rps p50 p99; do
    printf '%-6s %-34s %12.0f %10s %10s %11.2fx\n' "$round" "$label" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$reference" 'BEGIN {print a / b}')"
  done <<<"$results"
  ratios+=("$(awk -F'\t' 'NR == 1 {b = $2} NR == 2 {print $2 / b}' <<<"$results")")
done
rm -f "$body"
printf 'catalog vs bare, median of %s rounds: %.2fx (rounds: %s)\n' "$rounds" \
  "$(median "${ratios[@]}")" \
  "$(printf '%.2f ' "${ratios[@]}")"
printf 'catalog resident memory after the run: %s MiB\n' "$(rss_mib "$catalog_pid")"
