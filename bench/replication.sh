#!/usr/bin/env bash
# Replication at scale, against the S3-compatible server the platform runs (s3rver here), by bench/ReplicationLoad,
# which drives the replication engine the service runs (one DatabaseReplicator per database, one process):
#  - DATABASES (1000) tenant SQLite files replicated at once, WRITTEN (100) of them committing every 100 ms for
#    WRITE_SECONDS: the lag from each commit to the replicator reporting it shipped (p50/p99; target p99 under the
#    1 s sync interval + 0.5 s);
#  - then all of them idle for IDLE_SECONDS: the process's CPU and resident memory, and store requests per idle tenant
#    per hour (target 0: an idle database costs nothing);
#  - a SIZE_MB (1024) database replicated, then restored, against downloading the very same objects raw with the same
#    parallelism in the same run (target ratio under 1.5).
# Bounded: temp folders and buckets of its own, removed at the end.
#
#   bash bench/replication.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
while IFS= read -r line; do [[ $line == *=* ]] && export "${line?}"; done <<<"$(bash scripts/infra.sh up)"
dotnet build bench/ReplicationLoad -c Release -nologo -v quiet -clp:ErrorsOnly >&2
load() { dotnet bench/ReplicationLoad/bin/Release/net10.0/ReplicationLoad.dll "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run=$(date +%s)

echo "2 cores shared by the replicating process, the writers and the S3 server"
load lag "${DATABASES:-1000}" "${WRITTEN:-100}" "${WRITE_SECONDS:-30}" "${IDLE_SECONDS:-60}" "$work/lag" "bench-lag-$run"
load restore "${SIZE_MB:-1024}" "$work/restore" "bench-restore-$run"
