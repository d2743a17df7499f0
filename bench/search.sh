#!/usr/bin/env bash
# Search on the embedded PostgreSQL engine with 100,000 products across 10 shops (PRODUCTS_PER_TENANT x 10):
#  - bulk indexing: ProductCreated events published to RabbitMQ as Catalog would, timed until every one is searchable;
#  - query and autocomplete through Search's HTTP API with wrk at 16 connections, each as a ratio against pgbench
#    running the very statements Search sends for that request (bench/SearchLoad writes them) on the same server;
#  - update-to-visible latency: a product updated by event, then searched for until found, one at a time.
# Bounded: its own Admin, Catalog and Search on 5201-5203 and a database of its own, dropped at the end.
#
#   bash bench/search.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
duration=${DURATION:-10}
per_tenant=${PRODUCTS_PER_TENANT:-10000}
connections=16
admin=http://127.0.0.1:5201
catalog=http://127.0.0.1:5202
search=http://127.0.0.1:5203
bench_db=bench_search
psql_admin() { PGPASSWORD=postgres psql -q -h 127.0.0.1 -p 54320 -U postgres "$@"; }
source bench/lib.sh
dotnet build bench/SearchLoad -c Release -nologo -v quiet -clp:ErrorsOnly >&2
load() { dotnet bench/SearchLoad/bin/Release/net10.0/SearchLoad.dll "$@"; }

psql_admin -c "DROP DATABASE IF EXISTS $bench_db WITH (FORCE)" -c "CREATE DATABASE $bench_db" postgres
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true;
  psql_admin -c "DROP DATABASE IF EXISTS $bench_db WITH (FORCE)" postgres' EXIT
export ConnectionStrings__searchdb=${ConnectionStrings__searchdb/Database=searchdb/Database=$bench_db}
start admin Admin "$admin"
start catalog Catalog "$catalog"
start search Search "$search"
search_pid=${pids[-1]}
open_shop 2>/dev/null
tenants=$tenant
for _ in $(seq 2 10); do tenants+=",$(cat /proc/sys/kernel/random/uuid)"; done
indexed() { psql_admin -Atc "SELECT count(*) FROM search.products" "$bench_db"; }
before=$(indexed)
total=$((per_tenant * 10))

started=$(date +%s.%N)
load index "$ConnectionStrings__messaging" "$tenants" "$per_tenant"
while (($(indexed) < before + total)); do sleep 0.2; done
elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
psql_admin -c "VACUUM ANALYZE" "$bench_db"

measure() { # label url
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$2")
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "90%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}
reference() { # kind text
  local script out
  script=$(mktemp)
  load sql "$1" "$tenant" "$2" >"$script"
  out=$(PGPASSWORD=postgres pgbench -n -c "$connections" -j 2 -T "$duration" -f "$script" -h 127.0.0.1 -p 54320 -U postgres "$bench_db" 2>/dev/null)
  rm -f "$script"
  awk '/^tps/ {print $3; exit}' <<<"$out"
}
wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $token" "$search/api/search/products?q=caneca%20azul" >/dev/null # warm-up
query=$(measure "search ?q=caneca azul" "$search/api/search/products?q=caneca%20azul")
query_ref=$(reference search "caneca azul")
suggest=$(measure "suggest ?prefix=garr" "$search/api/search/suggest?prefix=garr")
suggest_ref=$(reference suggest "garr")
latency=$(load latency "$ConnectionStrings__messaging" "$tenant" "$search/" "$token" 50)

echo
echo "$total products in 10 shops, 16 connections, ${duration} s each; 2 cores shared by the load, the services and PostgreSQL"
printf 'bulk indexing through RabbitMQ: %d products in %.1f s = %.0f docs/s\n' "$total" "$elapsed" "$(awk -v n="$total" -v t="$elapsed" 'BEGIN {print n / t}')"
printf '%-26s %10s %10s %10s %10s %14s %12s\n' "request" "req/s" "p50" "p90" "p99" "pgbench tps" "vs pgbench"
while IFS=$'\t' read -r label rps p50 p90 p99 ref; do
  printf '%-26s %10.0f %10s %10s %10s %14.0f %11.2fx\n' "$label" "$rps" "$p50" "$p90" "$p99" "$ref" "$(awk -v a="$rps" -v b="$ref" 'BEGIN {print a / b}')"
done <<<"$(printf '%s\t%s\n%s\t%s\n' "$query" "$query_ref" "$suggest" "$suggest_ref")"
IFS=$'\t' read -r l50 l95 l99 <<<"$latency"
printf 'update to visible in search (50 updates): p50 %s ms, p95 %s ms, p99 %s ms (target p95 < 1000 ms)\n' "$l50" "$l95" "$l99"
printf 'search resident memory after the run: %s MiB\n' "$(rss_mib "$search_pid")"
