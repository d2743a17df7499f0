#!/usr/bin/env bash
# Starts the whole platform without Docker: the native servers (scripts/infra.sh up), then the four
# services, waits until each /health is healthy, prints their URLs, and on Ctrl-C stops the services and the
# servers it started (servers already up stay up).
# Set OTEL_EXPORTER_OTLP_ENDPOINT first to send traces, metrics and logs to an OTLP collector or
# the Aspire dashboard.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
logs="${PLATFORM_DATA_DIR:-$repo/.data}/logs"
mkdir -p "$logs"

# name | project | port
services=(
  "admin-api|services/Admin/Admin.Api.csproj|${PLATFORM_ADMIN_PORT:-5101}"
  "catalog-api|services/Catalog/Catalog.Api.csproj|${PLATFORM_CATALOG_PORT:-5102}"
  "search-api|services/Search/Search.Api.csproj|${PLATFORM_SEARCH_PORT:-5103}"
  "replication-api|services/Replication/Replication.Api.csproj|${PLATFORM_REPLICATION_PORT:-5104}"
)
pids=()

say() { printf '[run] %s\n' "$*" >&2; }

stop_all() {
  trap - INT TERM EXIT
  say "stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((started_servers)); then
    say "stopping servers"
    bash scripts/infra.sh down || true
  fi
  say "stopped"
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

# Servers that were already up (another run, the tests) stay up when this run stops.
started_servers=0
bash scripts/infra.sh status >/dev/null 2>&1 || started_servers=1
while IFS= read -r line; do
  [[ $line == *=* ]] && export "${line?}"
done <<<"$(bash scripts/infra.sh up)"

# Service discovery in Aspire's form, so Admin finds Catalog the same way under the AppHost.
# The names hold '-', which bash cannot export, so they are handed to each process through env.
discovery=()
for entry in "${services[@]}"; do
  IFS='|' read -r name _ port <<<"$entry"
  discovery+=("services__${name}__http__0=http://127.0.0.1:${port}")
done

# The local platform operator, created by Admin on its first start (override both to choose your own).
export Auth__SuperadminEmail="${Auth__SuperadminEmail:-admin@platform.local}"
export Auth__SuperadminPassword="${Auth__SuperadminPassword:-local-operator-password}"
export Catalog__Sqlite__DataDirectory="${Catalog__Sqlite__DataDirectory:-$repo/.data/tenants}"
# Replication watches Catalog's SQLite shops and ships them to the local S3 server (Replication__Bucket) or, with
# Replication__Bucket set empty, to .data/replicas.
mkdir -p "$Catalog__Sqlite__DataDirectory"
export Replication__WatchFolders__0="${Replication__WatchFolders__0:-$Catalog__Sqlite__DataDirectory}"
export Replication__ReplicaFolder="${Replication__ReplicaFolder:-$repo/.data/replicas}"
export Replication__RestoreFolder="${Replication__RestoreFolder:-$repo/.data/restores}"
export Replication__Bucket="${Replication__Bucket-platform-replicas}"

say "building services"
dotnet build Platform.Local.slnf -nologo -v quiet -clp:ErrorsOnly >&2

for entry in "${services[@]}"; do
  IFS='|' read -r name project port <<<"$entry"
  say "starting $name on 127.0.0.1:$port (log: $logs/$name.log)"
  env "${discovery[@]}" OTEL_SERVICE_NAME="$name" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
    dotnet run --no-build --no-launch-profile --project "$project" --urls "http://127.0.0.1:$port" \
    >"$logs/$name.log" 2>&1 &
  pids+=("$!")
done

deadline=$((SECONDS + ${PLATFORM_START_TIMEOUT:-90}))
for i in "${!services[@]}"; do
  IFS='|' read -r name _ port <<<"${services[$i]}"
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health") == 200 ]]; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      say "$name exited during start-up; last lines of its log:"
      tail -n 20 "$logs/$name.log" >&2
      exit 1
    fi
    if ((SECONDS > deadline)); then
      say "$name is not healthy after ${PLATFORM_START_TIMEOUT:-90} s; its /health says:"
      curl -s "http://127.0.0.1:$port/health" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
done

echo
echo "Platform is up (Ctrl-C stops it):"
for entry in "${services[@]}"; do
  IFS='|' read -r name _ port <<<"$entry"
  printf '  %-16s http://127.0.0.1:%s   health /health   API /swagger   OpenAPI /openapi/v1.json\n' "$name" "$port"
done
echo "  servers:         bash scripts/infra.sh status   (connection strings: bash scripts/infra.sh env)"
echo "  operator login:  $Auth__SuperadminEmail / $Auth__SuperadminPassword   (POST /api/auth/login on admin-api)"
echo

# Stay in the foreground until Ctrl-C (the trap stops everything), or until a service dies.
wait -n "${pids[@]}" || true
say "a service exited on its own; see $logs"
exit 1
