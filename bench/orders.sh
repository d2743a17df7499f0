#!/usr/bin/env bash
# Order placement under load, as a ratio against pgbench's TPC-B-like run at the same clients (16) on the same
# PostgreSQL (scale 10: 10 contended branch rows), for a shop of each store (postgres, then sqlite). Every order
# reserves one unit of one of 10 products, round robin, whose stock is larger than the run can sell; afterwards
# stock and orders are checked for oversell: available + reserved must still equal the stock put in, and the units
# reserved must equal the orders placed. Also prints how many of the orders' events were still in the outbox when the
# load stopped and how fast the relay published them, and Catalog's resident memory at steady state. Bounded: starts
# its own Admin, Catalog and Search on 5201-5203.
#
#   bash bench/orders.sh                 (STORES="sqlite" for one store; ROUNDS, DURATION, CONNECTIONS)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
duration=${DURATION:-8}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-16}
stock=1000000
admin=http://127.0.0.1:5201
catalog=http://127.0.0.1:5202
search=http://127.0.0.1:5203
source bench/lib.sh
command -v sqlite3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3 >/dev/null
start admin Admin "$admin"
start catalog Catalog "$catalog"
catalog_pid=${pids[-1]}
start search Search "$search"

bench_db=bench_tpcb
PGPASSWORD=postgres psql -q -h 127.0.0.1 -p 54320 -U postgres -c "DROP DATABASE IF EXISTS $bench_db" -c "CREATE DATABASE $bench_db" postgres 2>/dev/null
PGPASSWORD=postgres pgbench -q -i -s 10 -h 127.0.0.1 -p 54320 -U postgres "$bench_db" >/dev/null 2>&1
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true;
  PGPASSWORD=postgres psql -q -h 127.0.0.1 -p 54320 -U postgres -c "DROP DATABASE IF EXISTS $bench_db" postgres' EXIT
# The reference is run right before each of the store's rounds, and the figure is the median of the rounds' ratios:
# this VM's commit latency drifts by a factor of 3 over minutes, so a reference measured once would be compared with a
# run made under another disk.
tpcb_run() {
  PGPASSWORD=postgres pgbench -n -c "$connections" -j 2 -T "$duration" -h 127.0.0.1 -p 54320 -U postgres "$bench_db" 2>/dev/null |
    awk '/^tps/ {print $3; exit}'
}

echo
echo "$connections connections, ${duration} s each, ${rounds} paired rounds per store, 2 cores shared by load generator, services and PostgreSQL"
printf '%-6s %-22s %10s %10s %10s %10s %12s %12s\n' "round" "order placement" "orders/s" "p50" "p99" "non-201" "pgbench tps" "vs pgbench"
orders_placed() { curl -s "$catalog/api/orders?pageSize=1" "${auth[@]}" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }
for store in ${STORES:-postgres sqlite}; do
  DEMO_DATABASE_TYPE=$store open_shop 2>/dev/null
  auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
  products=()
  for i in $(seq 1 10); do
    products+=("$(curl -s -X POST "$catalog/api/products" "${auth[@]}" -d "{\"name\":\"Produto do benchmark $i\",\"priceCents\":1990}" |
      sed -n 's/.*"id":"\([^"]*\)".*/\1/p')")
    curl -s -o /dev/null -X POST "$catalog/api/products/${products[-1]}/restock" "${auth[@]}" -d "{\"quantity\":$stock}"
  done

  # Warm-up, unmeasured (its orders count in the oversell check below): Catalog reaches its optimised code first.
  BENCH_TOKEN=$token BENCH_PRODUCTS=$(IFS=,; echo "${products[*]}") wrk -t2 -c"$connections" -d"${WARMUP:-10}s" -s bench/post-order.lua "$catalog/" >/dev/null
  ratios=() rows=()
  for round in $(seq 1 "$rounds"); do
    tpcb=$(tpcb_run)
    out=$(BENCH_TOKEN=$token BENCH_PRODUCTS=$(IFS=,; echo "${products[*]}") wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/post-order.lua "$catalog/")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    ratio=$(awk -v a="$rps" -v b="$tpcb" 'BEGIN {print a / b}')
    ratios+=("$ratio")
    rows+=("$(printf '%-6s %-22s %10.0f %10s %10s %10s %12.0f %11.2fx' "$round" "$store shop" "$rps" \
      "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
      "$(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)" "$tpcb" "$ratio")")
  done

  # wrk stops with orders still in flight: the count is read before and after the stock, until no order landed between.
  for _ in $(seq 1 50); do
    placed=$(orders_placed)
    available=0 reserved=0 oversold=0
    for product in "${products[@]}"; do
      level=$(curl -s "$catalog/api/products/$product/inventory" "${auth[@]}")
      a=$(sed -n 's/.*"available":\([0-9]*\).*/\1/p' <<<"$level")
      r=$(sed -n 's/.*"reserved":\([0-9]*\).*/\1/p' <<<"$level")
      [[ -n $a && -n $r ]] || { echo "could not read the stock back: $level" >&2; exit 1; }
      ((a + r == stock)) || oversold=1
      available=$((available + a)) reserved=$((reserved + r))
    done
    [[ $(orders_placed) == "$placed" ]] && break
    sleep 0.2
  done
  ((reserved == placed)) || oversold=1

  # The events the orders announced wait in the shop's outbox until the relay has published them: how many were still
  # waiting when the load stopped, and how long the relay took to publish them (bounded at 120 s).
  outbox_pending() {
    if [[ $store == sqlite ]]; then
      sqlite3 -readonly "$PWD/.data/tenants/$tenant.db" "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL"
    else
      PGPASSWORD=postgres psql -tA -h 127.0.0.1 -p 54320 -U postgres -d catalogdb \
        -c "SELECT count(*) FROM catalog.outbox_messages WHERE published_at IS NULL AND payload->>'tenantId' = '$tenant'"
    fi
  }
  backlog=$(outbox_pending) drain_start=$(date +%s.%N)
  for _ in $(seq 1 600); do [[ $(outbox_pending) == 0 ]] && break; sleep 0.2; done
  drained_after=$(awk -v s="$drain_start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
  printf '%s\n' "${rows[@]}"
  printf '%-29s median of %s rounds: %.2fx of pgbench, oversold: %s\n' "$store shop" "$rounds" \
    "$(median "${ratios[@]}")" \
    "$( ((oversold)) && echo YES || echo no)"
  echo "  stock check: available $available + reserved $reserved of 10 x $stock; orders placed $placed" >&2
  if [[ $(outbox_pending) == 0 ]]; then
    relay_rate=$(awk -v n="$backlog" -v t="$drained_after" 'BEGIN {printf "%.0f events/s", (t > 0 ? n / t : 0)}')
  else
    relay_rate="NOT all published"
  fi
  printf '  outbox: %s events still to publish when the load stopped, published within %s s (%s)\n' "$backlog" "$drained_after" "$relay_rate"
  ((oversold == 0)) || exit 1
done
printf 'catalog resident memory after the runs: %s MiB\n' "$(rss_mib "$catalog_pid")"
