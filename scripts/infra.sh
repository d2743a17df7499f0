#!/usr/bin/env bash
# Local infrastructure for the platform: PostgreSQL 15, pgbouncer, Redis,
# RabbitMQ and s3rver, all bound to 127.0.0.1 on non-default ports, with every
# byte of state under one data folder.
#
# Usage: bash scripts/infra.sh up|down|status|env
#
#   up      install what is missing, start every server that is not running,
#           wait until each one answers, then print the `env` lines on stdout
#   down    stop every server (data is kept)
#   status  one line per server: name address up|down; exit 0 if all up, else 3
#   env     print the connection settings (also written to <data>/platform.env)
#
# Progress goes to stderr; stdout only carries machine-readable output.
# Every command is idempotent. `up` and `down` need root (servers run as the
# postgres / rabbitmq users); `status` and `env` do not.
set -euo pipefail

# ---------------------------------------------------------------- settings --
PG_PORT="${PLATFORM_PG_PORT:-54320}"
PGBOUNCER_PORT="${PLATFORM_PGBOUNCER_PORT:-54321}"
REDIS_PORT="${PLATFORM_REDIS_PORT:-56379}"
RABBITMQ_PORT="${PLATFORM_RABBITMQ_PORT:-55672}"
RABBITMQ_MGMT_PORT="${PLATFORM_RABBITMQ_MGMT_PORT:-55673}"
RABBITMQ_DIST_PORT="${PLATFORM_RABBITMQ_DIST_PORT:-55674}"
S3_PORT="${PLATFORM_S3_PORT:-54569}"

readonly HOST=127.0.0.1
readonly PG_USER=postgres
readonly PG_PASSWORD=postgres
readonly RABBITMQ_USER=guest
readonly RABBITMQ_PASSWORD=guest
readonly RABBITMQ_NODE=platform@localhost
readonly S3_ACCESS_KEY=S3RVER
readonly S3_SECRET_KEY=S3RVER
readonly S3_REGION=us-east-1
readonly S3RVER_VERSION=3.7.1
readonly DATABASES=(catalogdb searchdb admindb)
readonly EXTENSIONS=(unaccent pg_trgm)
readonly POOLED_DATABASE=admindb

PG_BIN="${PLATFORM_PG_BIN:-/usr/lib/postgresql/15/bin}"
RABBITMQ_BIN="${PLATFORM_RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}"
WAIT_SECONDS="${PLATFORM_WAIT_SECONDS:-60}"
RABBITMQ_WAIT_SECONDS="${PLATFORM_RABBITMQ_WAIT_SECONDS:-90}"
readonly APT_PACKAGES=(postgresql-15 postgresql-contrib redis-server rabbitmq-server pgbouncer)
readonly SAFE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
DATA_DIR="${PLATFORM_DATA_DIR:-$REPO_DIR/.data}"

# ----------------------------------------------------------------- helpers --
log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# tail_logs FILE...: show the end of each existing log on stderr.
tail_logs() {
  local f
  for f in "$@"; do
    [[ -f $f ]] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2 || true
  done
}

# fail_server NAME LOG...: report a server that did not come up, then exit 1.
fail_server() {
  local name=$1; shift
  printf '[infra] ERROR: %s failed to start or did not become ready\n' "$name" >&2
  tail_logs "$@"
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

# tcp_open PORT: does 127.0.0.1:PORT accept a TCP connection?
tcp_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

# http_code URL [curl args...]: print the HTTP status code (000 when no answer).
http_code() {
  local url=$1; shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$@" "$url" 2>/dev/null || true
}

# pid_alive PIDFILE PATTERN: the pid in PIDFILE runs and its command line
# contains PATTERN (guards against stale pid files and reused pids).
pid_alive() {
  local pidfile=$1 pattern=$2 pid
  [[ -r $pidfile ]] || return 1
  pid=$(head -n 1 "$pidfile" 2>/dev/null | tr -dc '0-9')
  [[ -n $pid ]] || return 1
  ! proc_gone "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"
}

pid_of() { head -n 1 "$1" 2>/dev/null | tr -dc '0-9'; }

# proc_gone PID: the process has exited (a zombie not yet reaped counts as gone).
proc_gone() {
  local state
  kill -0 "$1" 2>/dev/null || return 0
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 0
  [[ $state == Z || $state == X ]]
}

# stop_pid NAME PIDFILE PATTERN [FIRST_SIGNAL]: signal, wait, then escalate.
stop_pid() {
  local name=$1 pidfile=$2 pattern=$3 sig=${4:-TERM} pid i
  if ! pid_alive "$pidfile" "$pattern"; then
    rm -f "$pidfile"
    return 0
  fi
  pid=$(pid_of "$pidfile")
  log "stopping $name (pid $pid)"
  kill -s "$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    if proc_gone "$pid"; then rm -f "$pidfile"; return 0; fi
    if ((i == 150)) && [[ $sig != TERM ]]; then kill -s TERM "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  log "$name did not exit within 60 s, killing it"
  kill -s KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# Close every inherited file descriptor above 2, so that daemons never hold a
# caller's pipe (e.g. `$(infra.sh up)`) or our lock file open.
close_fds() {
  local fd n
  for fd in /proc/"$BASHPID"/fd/*; do
    n=${fd##*/}
    if [[ $n =~ ^[0-9]+$ ]] && ((n > 2)); then
      eval "exec $n>&-"
    fi
  done
}

# run_detached LOG CMD...: run a self-daemonizing command in its own session,
# stdin from /dev/null and output appended to LOG; returns its exit code.
run_detached() {
  local logfile=$1; shift
  (cd "$DATA_DIR" && close_fds && exec setsid "$@") </dev/null >>"$logfile" 2>&1
}

# spawn_bg LOG PIDFILE CMD...: start CMD in the background in its own session.
spawn_bg() {
  local logfile=$1 pidfile=$2; shift 2
  (cd "$DATA_DIR" && close_fds && exec setsid "$@") </dev/null >>"$logfile" 2>&1 &
  echo "$!" >"$pidfile"
}

locale_name() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then echo C.UTF-8; else echo C; fi
}

# as_user USER [VAR=value...] CMD...: run as USER with a clean environment.
as_user() {
  local user=$1; shift
  runuser -u "$user" -- env -i PATH="$SAFE_PATH" LANG="$LOCALE" LC_ALL="$LOCALE" "$@"
}

# wait_until NAME SECONDS CHECK_FN ALIVE_FN LOG...: poll until our process is
# alive (ALIVE_FN) and answers (CHECK_FN); fail early if the process is gone.
wait_until() {
  local name=$1 seconds=$2 check=$3 alive=$4; shift 4
  local started=$SECONDS
  while :; do
    if "$alive"; then
      "$check" && break
    elif ((SECONDS - started >= 3)); then # grace period for pid files to appear
      log "$name process is not running"
      fail_server "$name" "$@"
    fi
    if ((SECONDS - started >= seconds)); then
      log "$name did not answer within $seconds s"
      fail_server "$name" "$@"
    fi
    sleep 0.5
  done
  log "$name is ready"
}

# ports_free NAME PORT...: refuse to start NAME if another process holds a port.
ports_free() {
  local name=$1 port; shift
  for port in "$@"; do
    if tcp_open "$port"; then
      die "cannot start $name: $HOST:$port is already in use by another process"
    fi
  done
}

# ensure_reachable USER DIR: USER must be able to traverse every parent of DIR.
ensure_reachable() {
  local user=$1 dir=$2 p=""
  local -a parts
  IFS=/ read -r -a parts <<<"${dir#/}"
  local part
  for part in "${parts[@]}"; do
    [[ -n $part ]] || continue
    p="$p/$part"
    [[ -d $p ]] || break
    if ! runuser -u "$user" -- test -x "$p" 2>/dev/null; then
      log "making $p traversable (chmod o+x) so that user $user can reach $dir"
      chmod o+x "$p"
    fi
  done
  runuser -u "$user" -- test -x "$dir" 2>/dev/null ||
    die "user $user cannot reach $dir (check the permissions of its parent folders)"
}

# own_tree USER DIR: make DIR (recursively) owned by USER, cheaply when it already is.
own_tree() {
  local user=$1 dir=$2
  if [[ -n $(find "$dir" ! -user "$user" -print -quit 2>/dev/null) ]]; then
    chown -R "$user:$user" "$dir"
  fi
}

# ------------------------------------------------------------------ setup --
resolve_data_dir() {
  [[ $DATA_DIR != *[[:space:]]* ]] || die "the data folder path must not contain whitespace: $DATA_DIR"
  mkdir -p "$DATA_DIR"
  DATA_DIR="$(cd "$DATA_DIR" && pwd)"
  PG_DIR="$DATA_DIR/postgres"                     # owned by postgres
  PGDATA_DIR="$PG_DIR/data"
  PG_SOCKET_DIR="$PG_DIR/run"
  PG_LOG="$PG_DIR/postgresql.log"
  PGB_DIR="$DATA_DIR/pgbouncer"                   # owned by postgres
  PGB_PID_FILE="$PGB_DIR/pgbouncer.pid"
  REDIS_DIR="$DATA_DIR/redis"
  RMQ_DIR="$DATA_DIR/rabbitmq"                    # owned by rabbitmq
  RMQ_PID_FILE="$RMQ_DIR/rabbitmq.pid"            # beam.smp pid, written by RabbitMQ
  RMQ_LAUNCHER_PID_FILE="$RMQ_DIR/launcher.pid"   # our background launcher
  RMQ_STARTUP_LOG="$RMQ_DIR/startup.log"
  S3_DIR="$DATA_DIR/s3rver"
  TOOLS_DIR="$DATA_DIR/tools"                     # npm-installed s3rver
  S3RVER_JS="$TOOLS_DIR/node_modules/s3rver/bin/s3rver.js"
  ENV_FILE="$DATA_DIR/platform.env"
}

require_root() {
  [[ $EUID -eq 0 ]] || die "'$1' must run as root (servers are started as the postgres and rabbitmq users)"
}

# Serialize concurrent up/down calls.
take_lock() {
  exec 9>"$DATA_DIR/.infra.lock"
  if ! flock -w 600 9; then die "another infra.sh is still running (lock $DATA_DIR/.infra.lock)"; fi
}

install_missing() {
  local -a pkgs=()
  local b missing_server=0
  for b in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/postgres" "$PG_BIN/psql" "$PG_BIN/pg_isready"; do
    [[ -x $b ]] || missing_server=1
  done
  [[ -f /usr/share/postgresql/15/extension/unaccent.control &&
     -f /usr/share/postgresql/15/extension/pg_trgm.control ]] || missing_server=1
  have redis-server && have redis-cli || missing_server=1
  [[ -x $RABBITMQ_BIN/rabbitmq-server ]] || missing_server=1
  have pgbouncer || missing_server=1
  ((missing_server)) && pkgs+=("${APT_PACKAGES[@]}")
  have curl || pkgs+=(curl)
  { have node && have npm; } || pkgs+=(nodejs npm)
  if ((${#pkgs[@]})); then
    log "installing with apt: ${pkgs[*]} (output in $DATA_DIR/apt-install.log)"
    if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-upgrade "${pkgs[@]}"; } \
         </dev/null >>"$DATA_DIR/apt-install.log" 2>&1; then
      tail_logs "$DATA_DIR/apt-install.log"
      die "apt-get install failed"
    fi
    # Debian's postinst scripts may have started default instances on the
    # default ports (5432, 6379, 5672...). They are left alone: ours use
    # their own ports and folders.
  fi
  if [[ ! -f $S3RVER_JS ]] || ! grep -q "\"version\": \"$S3RVER_VERSION\"" "$TOOLS_DIR/node_modules/s3rver/package.json" 2>/dev/null; then
    log "installing s3rver@$S3RVER_VERSION with npm into $TOOLS_DIR"
    mkdir -p "$TOOLS_DIR"
    if ! npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" \
         </dev/null >>"$TOOLS_DIR/npm-install.log" 2>&1; then
      tail_logs "$TOOLS_DIR/npm-install.log"
      die "npm install s3rver@$S3RVER_VERSION failed"
    fi
  fi
  for b in runuser setsid flock curl; do have "$b" || die "required command not found: $b"; done
}

# ------------------------------------------------------------- PostgreSQL --
psql_tcp() { # psql_tcp PORT DB ARGS...
  local port=$1 db=$2; shift 2
  PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=3 PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
    -h "$HOST" -p "$port" -U "$PG_USER" -d "$db" "$@"
}

pg_ready() { [[ $(psql_tcp "$PG_PORT" postgres -c 'SELECT 1' 2>/dev/null) == 1 ]]; }
pg_running() { [[ -f $PGDATA_DIR/postmaster.pid ]] && as_user postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

pg_configure() {
  mkdir -p "$PGDATA_DIR" "$PG_SOCKET_DIR"
  own_tree postgres "$PG_DIR"
  chmod 700 "$PG_DIR" "$PGDATA_DIR"
  ensure_reachable postgres "$PG_DIR"
  as_user postgres test -w "$PGDATA_DIR" || die "user postgres cannot write to $PGDATA_DIR"

  if [[ ! -s $PGDATA_DIR/PG_VERSION ]]; then
    local pwfile="$PG_DIR/.pwfile"
    log "initializing PostgreSQL cluster in $PGDATA_DIR (locale $LOCALE)"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    chown postgres:postgres "$pwfile"; chmod 600 "$pwfile"
    if ! run_detached "$PG_DIR/initdb.log" runuser -u postgres -- env -i PATH="$SAFE_PATH" LANG="$LOCALE" \
         "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$PG_USER" --pwfile="$pwfile" \
         --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale="$LOCALE"; then
      rm -f "$pwfile"
      fail_server postgres "$PG_DIR/initdb.log"
    fi
    rm -f "$pwfile"
  fi

  # Our settings live in platform.conf, rewritten on each `up` and included last.
  if ! grep -q "^include_if_exists = 'platform.conf'" "$PGDATA_DIR/postgresql.conf"; then
    printf "\n# Added by scripts/infra.sh\ninclude_if_exists = 'platform.conf'\n" >>"$PGDATA_DIR/postgresql.conf"
  fi
  cat >"$PGDATA_DIR/platform.conf" <<EOF
# Generated by scripts/infra.sh on every 'up'; edits are overwritten.
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 400
shared_buffers = 256MB
password_encryption = scram-sha-256
log_destination = 'stderr'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  chown postgres:postgres "$PGDATA_DIR/platform.conf" "$PGDATA_DIR/postgresql.conf"
  chmod 600 "$PGDATA_DIR/platform.conf"
}

pg_start() {
  if pg_running; then
    log "postgres already running"
  else
    ports_free postgres "$PG_PORT"
    pg_configure
    touch "$PG_LOG"; chown postgres:postgres "$PG_LOG"
    log "starting postgres on $HOST:$PG_PORT"
    if ! run_detached "$PG_LOG" runuser -u postgres -- env -i PATH="$SAFE_PATH" LANG="$LOCALE" \
         "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t "$WAIT_SECONDS" start; then
      fail_server postgres "$PG_LOG"
    fi
  fi
  wait_until postgres "$WAIT_SECONDS" pg_ready pg_running "$PG_LOG"
}

pg_provision() {
  local db ext
  for db in "${DATABASES[@]}"; do
    if [[ $(psql_tcp "$PG_PORT" postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
      log "creating database $db"
      psql_tcp "$PG_PORT" postgres -c "CREATE DATABASE \"$db\"" >/dev/null
    fi
    for ext in "${EXTENSIONS[@]}"; do
      psql_tcp "$PG_PORT" "$db" -c "CREATE EXTENSION IF NOT EXISTS \"$ext\"" >/dev/null ||
        die "could not create extension $ext in database $db"
    done
  done
}

pg_stop() {
  if pg_running; then
    log "stopping postgres"
    as_user postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null ||
      die "pg_ctl stop failed (see $PG_LOG)"
  fi
}

# -------------------------------------------------------------- pgbouncer --
pgb_running() { pid_alive "$PGB_PID_FILE" pgbouncer; }
pgb_ready() { [[ $(psql_tcp "$PGBOUNCER_PORT" "$POOLED_DATABASE" -c 'SELECT 1' 2>/dev/null) == 1 ]]; }

pgb_start() {
  if pgb_running; then
    log "pgbouncer already running"
  else
    ports_free pgbouncer "$PGBOUNCER_PORT"
    mkdir -p "$PGB_DIR"
    cat >"$PGB_DIR/pgbouncer.ini" <<EOF
;; Generated by scripts/infra.sh on every 'up'; edits are overwritten.
[databases]
$POOLED_DATABASE = host=$HOST port=$PG_PORT dbname=$POOLED_DATABASE
;; Any other database passes through too, so each test can reach its own database the pooled way.
* = host=$HOST port=$PG_PORT

[pgbouncer]
listen_addr = $HOST
listen_port = $PGBOUNCER_PORT
unix_socket_dir = $PGB_DIR
auth_type = scram-sha-256
auth_file = $PGB_DIR/userlist.txt
admin_users = $PG_USER
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,search_path,options
logfile = $PGB_DIR/pgbouncer.log
pidfile = $PGB_PID_FILE
EOF
    printf '"%s" "%s"\n' "$PG_USER" "$PG_PASSWORD" >"$PGB_DIR/userlist.txt"
    touch "$PGB_DIR/pgbouncer.log"
    own_tree postgres "$PGB_DIR"
    chmod 700 "$PGB_DIR"; chmod 600 "$PGB_DIR/userlist.txt" "$PGB_DIR/pgbouncer.ini"
    ensure_reachable postgres "$PGB_DIR"
    rm -f "$PGB_PID_FILE"
    log "starting pgbouncer on $HOST:$PGBOUNCER_PORT -> $POOLED_DATABASE"
    if ! run_detached "$PGB_DIR/pgbouncer.log" runuser -u postgres -- env -i PATH="$SAFE_PATH" LANG="$LOCALE" \
         pgbouncer -d -q "$PGB_DIR/pgbouncer.ini"; then
      fail_server pgbouncer "$PGB_DIR/pgbouncer.log"
    fi
  fi
  wait_until pgbouncer "$WAIT_SECONDS" pgb_ready pgb_running "$PGB_DIR/pgbouncer.log"
}

pgb_stop() { stop_pid pgbouncer "$PGB_PID_FILE" pgbouncer INT; }

# ------------------------------------------------------------------ Redis --
redis_running() { pid_alive "$REDIS_DIR/redis.pid" redis-server; }
redis_ready() { [[ $(timeout 3 redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_start() {
  if redis_running; then
    log "redis already running"
    return 0
  fi
  ports_free redis "$REDIS_PORT"
  mkdir -p "$REDIS_DIR/data"
  cat >"$REDIS_DIR/redis.conf" <<EOF
# Generated by scripts/infra.sh on every 'up'; edits are overwritten.
bind $HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile "$REDIS_DIR/redis.pid"
logfile "$REDIS_DIR/redis.log"
dir "$REDIS_DIR/data"
appendonly yes
appendfsync everysec
EOF
  log "starting redis on $HOST:$REDIS_PORT"
  run_detached "$REDIS_DIR/redis.log" redis-server "$REDIS_DIR/redis.conf" ||
    fail_server redis "$REDIS_DIR/redis.log"
}

redis_wait() { wait_until redis "$WAIT_SECONDS" redis_ready redis_running "$REDIS_DIR/redis.log"; }

redis_stop() {
  if redis_running; then
    log "stopping redis"
    timeout 30 redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  fi
  stop_pid redis "$REDIS_DIR/redis.pid" redis-server
}

# --------------------------------------------------------------- RabbitMQ --
rmq_running() { pid_alive "$RMQ_PID_FILE" beam || pid_alive "$RMQ_LAUNCHER_PID_FILE" rabbitmq-server; }
rmq_ready() {
  [[ $(http_code "http://$HOST:$RABBITMQ_MGMT_PORT/api/overview" -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD") == 200 ]] &&
    tcp_open "$RABBITMQ_PORT"
}

rmq_start() {
  if rmq_running; then
    log "rabbitmq already running"
    return 0
  fi
  ports_free rabbitmq "$RABBITMQ_PORT" "$RABBITMQ_MGMT_PORT" "$RABBITMQ_DIST_PORT"
  mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  cat >"$RMQ_DIR/rabbitmq.conf" <<EOF
# Generated by scripts/infra.sh on every 'up'; edits are overwritten.
listeners.tcp.default = $HOST:$RABBITMQ_PORT
management.tcp.ip = $HOST
management.tcp.port = $RABBITMQ_MGMT_PORT
distribution.listener.interface = $HOST
loopback_users.guest = true
log.file.level = info
EOF
  echo '[rabbitmq_management].' >"$RMQ_DIR/enabled_plugins"
  echo '# Intentionally empty: keeps /etc/rabbitmq/rabbitmq-env.conf out of the way.' >"$RMQ_DIR/rabbitmq-env.conf"
  if [[ ! -s $RMQ_DIR/home/.erlang.cookie ]]; then
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F' >"$RMQ_DIR/home/.erlang.cookie"
  fi
  own_tree rabbitmq "$RMQ_DIR"
  chmod 700 "$RMQ_DIR/home"; chmod 400 "$RMQ_DIR/home/.erlang.cookie"
  ensure_reachable rabbitmq "$RMQ_DIR"
  rm -f "$RMQ_PID_FILE"
  log "starting rabbitmq ($RABBITMQ_NODE) on $HOST:$RABBITMQ_PORT, management $HOST:$RABBITMQ_MGMT_PORT"
  : >"$RMQ_STARTUP_LOG"; chown rabbitmq:rabbitmq "$RMQ_STARTUP_LOG"
  spawn_bg "$RMQ_STARTUP_LOG" "$RMQ_LAUNCHER_PID_FILE" \
    runuser -u rabbitmq -- env -i PATH="$SAFE_PATH" LANG="$LOCALE" LC_ALL="$LOCALE" \
    HOME="$RMQ_DIR/home" \
    ERL_EPMD_ADDRESS="$HOST" \
    RABBITMQ_NODENAME="$RABBITMQ_NODE" \
    RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT" \
    RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf" \
    RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia" \
    RABBITMQ_LOG_BASE="$RMQ_DIR/log" \
    RABBITMQ_PID_FILE="$RMQ_PID_FILE" \
    "$RABBITMQ_BIN/rabbitmq-server"
  chown rabbitmq:rabbitmq "$RMQ_LAUNCHER_PID_FILE"
}

rmq_wait() {
  wait_until rabbitmq "$RABBITMQ_WAIT_SECONDS" rmq_ready rmq_running \
    "$RMQ_STARTUP_LOG" "$RMQ_DIR/log/$RABBITMQ_NODE.log"
}

rmq_stop() {
  # SIGTERM makes the node shut down cleanly (same as `rabbitmqctl stop`),
  # without needing an Erlang CLI node and cookie.
  stop_pid rabbitmq "$RMQ_PID_FILE" beam
  stop_pid "rabbitmq launcher" "$RMQ_LAUNCHER_PID_FILE" rabbitmq-server
}

# ---------------------------------------------------------------- s3rver --
s3_running() { pid_alive "$S3_DIR/s3rver.pid" s3rver; }
s3_ready() { [[ $(http_code "http://$HOST:$S3_PORT/") != 000 ]]; }

s3_start() {
  if s3_running; then
    log "s3rver already running"
    return 0
  fi
  ports_free s3rver "$S3_PORT"
  mkdir -p "$S3_DIR/data"
  log "starting s3rver on $HOST:$S3_PORT"
  spawn_bg "$S3_DIR/s3rver.log" "$S3_DIR/s3rver.pid" \
    node "$S3RVER_JS" --address "$HOST" --port "$S3_PORT" --directory "$S3_DIR/data" --silent
}

s3_wait() { wait_until s3rver "$WAIT_SECONDS" s3_ready s3_running "$S3_DIR/s3rver.log"; }
s3_stop() { stop_pid s3rver "$S3_DIR/s3rver.pid" s3rver; }

# --------------------------------------------------------------- commands --
cmd_env() {
  local pg="Host=$HOST;Port=$PG_PORT" cred="Username=$PG_USER;Password=$PG_PASSWORD" out
  out=$(cat <<EOF
ConnectionStrings__postgres=$pg;$cred
ConnectionStrings__catalogdb=$pg;Database=catalogdb;$cred
ConnectionStrings__searchdb=$pg;Database=searchdb;$cred
ConnectionStrings__admindb=Host=$HOST;Port=$PGBOUNCER_PORT;Database=$POOLED_DATABASE;$cred;No Reset On Close=true
ConnectionStrings__redis=$HOST:$REDIS_PORT
ConnectionStrings__messaging=amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@$HOST:$RABBITMQ_PORT
ConnectionStrings__objectstorage=Endpoint=http://$HOST:$S3_PORT;AccessKey=$S3_ACCESS_KEY;SecretKey=$S3_SECRET_KEY;Region=$S3_REGION
PLATFORM_POSTGRES_POOLER=Host=$HOST;Port=$PGBOUNCER_PORT;$cred;No Reset On Close=true
PLATFORM_RABBITMQ_MANAGEMENT=http://$RABBITMQ_USER:$RABBITMQ_PASSWORD@$HOST:$RABBITMQ_MGMT_PORT
EOF
)
  printf '%s\n' "$out"
  printf '%s\n' "$out" >"$ENV_FILE" 2>/dev/null || log "warning: could not write $ENV_FILE"
}

cmd_up() {
  require_root up
  take_lock
  install_missing
  local started=$SECONDS
  # Slow starters first, then wait for all of them.
  rmq_start
  s3_start
  redis_start
  pg_start
  pg_provision
  pgb_start
  redis_wait
  s3_wait
  rmq_wait
  log "all servers up ($((SECONDS - started)) s)"
  cmd_env
}

cmd_down() {
  require_root down
  take_lock
  pgb_stop
  pg_stop
  redis_stop
  rmq_stop
  s3_stop
  log "all servers down (data kept in $DATA_DIR)"
}

cmd_status() {
  local all=0
  line() { # line NAME PORT CHECK_FN
    local state=down
    if "$3"; then state=up; else all=3; fi
    printf '%-10s %-16s %s\n' "$1" "$HOST:$2" "$state"
  }
  line postgres "$PG_PORT" pg_ready
  line pgbouncer "$PGBOUNCER_PORT" pgb_ready
  line redis "$REDIS_PORT" redis_ready
  line rabbitmq "$RABBITMQ_PORT" rmq_ready
  line s3rver "$S3_PORT" s3_ready
  return "$all"
}

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
}

main() {
  local cmd=${1:-}
  LOCALE=$(locale_name)
  case $cmd in
    up) resolve_data_dir; cmd_up ;;
    down) resolve_data_dir; cmd_down ;;
    status) resolve_data_dir; cmd_status ;;
    env) resolve_data_dir; cmd_env ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
