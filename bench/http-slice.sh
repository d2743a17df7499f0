#!/usr/bin/env bash
# Throughput and latency of the first slice, as ratios against references measured in the same run:
# a bare endpoint of the same service (/alive: Kestrel + middleware, no I/O) and pgbench's select-only
# load on the same PostgreSQL. Requests carry a real owner token from Admin, validated by each service; Admin's
# login (a PBKDF2 verification and a session write) is measured too, with its rate limits lifted for the run.
# 16 connections, DURATION seconds per endpoint (default 10). Bounded: it starts its own Admin, Catalog and
# Search on ports 5201-5203, and stops them when it ends.
#
#   bash bench/http-slice.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
duration=${DURATION:-10}
connections=16
admin=http://127.0.0.1:5201
catalog=http://127.0.0.1:5202
search=http://127.0.0.1:5203
source bench/lib.sh
start admin Admin "$admin"
start catalog Catalog "$catalog"
start search Search "$search"

open_shop
echo "seeding 500 products for the demo tenant" >&2
for i in $(seq 1 500); do
  printf '{"name":"Camiseta Modelo %d","description":"Algodão orgânico","priceCents":%d,"tags":["roupa","verão"]}\n' "$i" $((2000 + i))
done | xargs -P 8 -I{} curl -s -o /dev/null -X POST "$catalog/api/products" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d {}
product=$(curl -s -X POST "$catalog/api/products" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"Camiseta Modelo Final","priceCents":4990}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
for _ in $(seq 1 100); do
  curl -s "$search/api/search/products?q=final&limit=1" -H "Authorization: Bearer $token" | grep -q "$product" && break
  sleep 0.2
done

# wrk prints "Requests/sec: N" and, with --latency, the 50% and 99% latencies.
measure() { # label url [extra wrk args...]
  local label=$1 url=$2
  shift 2
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$url")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%s\t%s\t%s\t%s\n' "$label" "$rps" "$p50" "$p99"
}

bearer=(-H "Authorization: Bearer $token")
results=$(
  measure "bare endpoint (/alive)" "$catalog/alive"
  measure "token validation only (/alive)" "$catalog/alive" "${bearer[@]}"
  measure "catalog GET product" "$catalog/api/products/$product" "${bearer[@]}"
  measure "search query" "$search/api/search/products?q=camiseta%20organico&limit=20" "${bearer[@]}"
  BENCH_TOKEN=$token measure "catalog POST product (+outbox)" "$catalog/" -s bench/post-product.lua
  BENCH_EMAIL=$owner_email measure "admin POST login" "$admin/" -s bench/login.lua
)
pg_tps=$(PGPASSWORD=postgres pgbench -n -c "$connections" -j 2 -T "$duration" -h 127.0.0.1 -p 54320 -U postgres \
  -f <(echo "SELECT name FROM catalog.products WHERE tenant_id = '$tenant' AND id = '$product';") catalogdb 2>/dev/null |
  awk '/^tps/ {print $3; exit}')

bare=$(awk -F'\t' 'NR == 1 {print $2}' <<<"$results")
echo
echo "16 connections, ${duration} s each, 2 cores shared by load generator and services"
printf '%-34s %12s %10s %10s %14s\n' "endpoint" "req/s" "p50" "p99" "vs bare"
while IFS=$'\t' read -r label rps p50 p99; do
  printf '%-34s %12.0f %10s %10s %13.2fx\n' "$label" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$bare" 'BEGIN {print a / b}')"
done <<<"$results"
get_rps=$(awk -F'\t' 'NR == 3 {print $2}' <<<"$results")
printf '%-34s %12.0f %10s %10s %13.2fx  (catalog GET / this)\n' "pgbench same SELECT (reference)" "$pg_tps" "-" "-" \
  "$(awk -v a="$get_rps" -v b="$pg_tps" 'BEGIN {print a / b}')"
