#!/usr/bin/env bash
# Runs every test project against real servers and ends with the line "N passed, N failed".
#
#   bash scripts/test.sh            starts the native servers (scripts/infra.sh up) and runs all tests
#   PLATFORM_EXTERNAL_INFRA=1 ...   uses the servers named by the ConnectionStrings__* variables instead
#                                   (the GitHub workflow's service containers)
#
# Servers this script started are stopped again when it ends; servers that were already up stay up.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
results="$repo/TestResults"

load_env() {
  local line
  while IFS= read -r line; do
    [[ $line == *=* ]] && export "${line?}"
  done <<<"$1"
}

started_servers=0
stop_started_servers() {
  if ((started_servers)); then
    started_servers=0
    bash scripts/infra.sh down >&2 || true
  fi
}
trap stop_started_servers EXIT

# Stops what this run started, then prints the summary as the very last line.
finish() {
  stop_started_servers
  echo "[test] finished in ${SECONDS} s" >&2
  echo "$1 passed, $2 failed"
  exit "$3"
}

if [[ ${PLATFORM_EXTERNAL_INFRA:-} == 1 ]]; then
  echo "[test] using the servers given in the environment (PLATFORM_EXTERNAL_INFRA=1)" >&2
else
  bash scripts/infra.sh status >/dev/null 2>&1 || started_servers=1
  servers_env=$(bash scripts/infra.sh up) || finish 0 1 1
  load_env "$servers_env"
fi

rm -rf "$results"
if ! dotnet build Platform.Local.slnf -c Release -nologo -v quiet -clp:ErrorsOnly >&2; then
  echo "[test] the build failed" >&2
  finish 0 1 1
fi

# Application logs at Information would drown the test report; warnings and errors still show.
export Logging__LogLevel__Default=Warning

status=0
# --blame-hang-timeout ends a hung test run with a dump instead of blocking CI.
dotnet test Platform.Local.slnf -c Release --no-build -nologo \
  --results-directory "$results" --logger "trx" --logger "console;verbosity=minimal" \
  --blame-hang-timeout 5m >&2 || status=$?

passed=0
failed=0
skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
if ((skipped > 0)); then
  # Skipped tests say why (e.g. the live Elasticsearch tests without ConnectionStrings__elasticsearch); count them apart.
  reasons=$(awk '/outcome="NotExecuted"/ {skip = 1} skip && /<Message>/ {gsub(/.*<Message>|<\/Message>.*/, ""); print; skip = 0}' \
    "${trx_files[@]}" | sort | uniq -c)
  echo "[test] $skipped tests skipped, not counted as passed${reasons:+:}" >&2
  [[ -z $reasons ]] || echo "$reasons" >&2
fi

expected_projects=$(grep -c '\.Tests\.csproj' Platform.Local.slnf)
if ((${#trx_files[@]} < expected_projects)); then
  echo "[test] only ${#trx_files[@]} of $expected_projects test projects reported results" >&2
  failed=$((failed + expected_projects - ${#trx_files[@]}))
fi
if ((status == 0 && failed > 0)) || ((passed == 0)); then
  status=1
fi

finish "$passed" "$failed" "$status"
