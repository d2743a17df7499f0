# Shared by the benchmarks: the servers, Release builds of the services started on loopback ports with the
# operator and limits a load test needs (rate limits still counted, never reached), and a fresh shop opened
# through scripts/demo.sh. Sourced, not run.
# Expects repo, admin and catalog to be set; every service it starts is stopped when the benchmark exits.

logs="${PLATFORM_DATA_DIR:-$repo/.data}/logs"
mkdir -p "$logs"
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
while IFS= read -r line; do [[ $line == *=* ]] && export "${line?}"; done <<<"$(bash scripts/infra.sh up)"

dotnet build Platform.Local.slnf -c Release -nologo -v quiet -clp:ErrorsOnly >&2
start() { # name project url
  env "services__admin-api__http__0=$admin" Auth__SuperadminEmail=bench@platform.local Auth__SuperadminPassword=load-test-operator-secret \
    Auth__LoginAttemptsPerMinutePerIp=100000000 Auth__LoginAttemptsPerMinutePerEmail=100000000 RateLimiting__PermitsPerWindow=1000000000 \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Catalog__Sqlite__DataDirectory="$PWD/.data/tenants" \
    dotnet "services/$2/bin/Release/net10.0/$2.Api.dll" --urls "$3" >"$logs/bench-$1.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 120); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$3/health") == 200 ]] && return 0
    sleep 0.5
  done
  echo "$1 did not become healthy; see $logs/bench-$1.log" >&2
  exit 1
}
# Opens a shop (DEMO_DATABASE_TYPE: postgres or sqlite) and sets tenant, owner_email and token.
open_shop() {
  token_file=$(mktemp)
  Auth__SuperadminEmail=bench@platform.local Auth__SuperadminPassword=load-test-operator-secret DEMO_TOKEN_FILE=$token_file \
    DEMO_MAX_PRODUCTS=10000000 ADMIN_URL=$admin CATALOG_URL=$catalog SEARCH_URL=$search bash scripts/demo.sh >"$token_file.log"
  cat "$token_file.log" >&2
  tenant=$(sed -n 's/^account \([0-9a-f-]*\).*/\1/p' "$token_file.log")
  owner_email=$(sed -n 's/^owner \([^ ]*\) logged in$/\1/p' "$token_file.log")
  token=$(cat "$token_file")
  rm -f "$token_file.log"
  rm -f "$token_file"
}

# Resident memory of a started service, in MiB.
rss_mib() { # pid
  awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"
}

# The median of the numbers given, for benchmarks that report paired rounds.
median() { # number...
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
