# Shared by the scripts in portability/: a private Redis, the test accounts, free ports, the
# servers' downloads, waiting for an answer, and the clean-up on exit. Sourced, not run.
set -euo pipefail

# Started in the background of a script, a shell hands its children SIGINT ignored, which bash
# can neither trap nor reset: start afresh with the default handling (as bin/moi-server does).
if [[ -z ${MOI_PORTABILITY_SIGNALS:-} && -r /proc/$$/status ]] \
  && ((0x$(awk '/^SigIgn:/ {print $2}' /proc/$$/status) & 2)); then
  MOI_PORTABILITY_SIGNALS=reset exec env --default-signal=INT "$0" "$@"
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
war=$root/server/target/moi.war
cache=$root/target/portability
# GlassFish 8 needs Java 21 or newer; the build itself stays on Java 17.
server_java=${MOI_SERVER_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# The accounts the smoke suite signs in with (io.moi.ItAccounts has the same password).
accounts_password='correct horse'

say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2 || true; }
die() { say "$*"; exit 1; }

# Everything a script starts is stopped on exit, last started first.
cleanups=()
on_exit() { cleanups=("$*" "${cleanups[@]}"); }
run_cleanups() {
  local status=$? c
  trap - EXIT INT TERM HUP
  for c in "${cleanups[@]}"; do eval "$c" || true; done
  exit "$status"
}
trap run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

free_port() { # a TCP port nobody listens on now
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ports_free() { # first count: true when all the ports from first on are free
  python3 - "$1" "$2" <<'PY'
import socket, sys
first, count = int(sys.argv[1]), int(sys.argv[2])
for port in range(first, first + count):
    s = socket.socket()
    try:
        s.bind(("0.0.0.0", port))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
PY
}

# fetch GROUP:ARTIFACT:VERSION:TYPE FILE: the server from Maven Central, once (kept in
# target/portability and in the local Maven repository).
fetch() {
  [[ -f $cache/$2 ]] && return
  mkdir -p "$cache"
  say "fetching $1 from Maven Central ..."
  (cd "$root" && ./mvnw -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$cache") \
    || die "could not fetch $1"
  [[ -f $cache/$2 ]] || die "$1 did not arrive as $cache/$2"
}

# A private redis-server on a free port; sets REDIS_URL.
start_redis() {
  local port pid
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$work" --logfile "$work/redis.log" </dev/null &
  pid=$!
  on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
  for _ in $(seq 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null 2>&1 || die "redis-server did not start; see $work/redis.log"
  export REDIS_URL=redis://127.0.0.1:$port
}

# The smoke suite's accounts in the file moi reads (MOI_USERS_FILE): alice and bob may run code,
# carol may only look. The first admin is made by moi itself (its password in admin-password).
write_accounts() {
  export MOI_USERS_FILE=$work/users.properties
  local user roles
  for user in alice:moi-user,moi-exec bob:moi-user,moi-exec carol:moi-user; do
    roles=${user#*:}
    MOI_PASSWORD=$accounts_password "$root/bin/moi-users" --file "$MOI_USERS_FILE" \
      add "${user%%:*}" "$roles" >/dev/null
  done
}

# wait_for URL SECONDS [PID]: until URL answers 200; fails when the time is up or PID has died.
wait_for() {
  local url=$1 limit=$2 pid=${3:-} code
  for _ in $(seq $((limit * 2))); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)
    [[ $code == 200 ]] && return 0
    [[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# The moi settings a server passes on to the application: MicroProfile Config reads them from
# the environment on every server.
prepare_moi() {
  [[ -f $war ]] || die "$war is missing: build it first (./mvnw -B -DskipTests package)"
  work=$(mktemp -d "${TMPDIR:-/tmp}/moi-$1.XXXXXX")
  on_exit "rm -rf '$work'"
  start_redis
  write_accounts
  export MOI_NODE_ID=$1-$$
  say "work folder $work, Redis at $REDIS_URL"
}

# With arguments: runs them as a command against the server (MOI_URL, MOI_HEALTH_URL and
# MOI_OPENAPI_URL set) and exits with its status, stopping everything. Without: waits for Ctrl-C.
run_or_wait() {
  export MOI_URL MOI_HEALTH_URL MOI_OPENAPI_URL
  say "moi is ready at $MOI_URL (health: $MOI_HEALTH_URL, OpenAPI: ${MOI_OPENAPI_URL:-none})"
  if (($# > 0)); then
    local status=0
    "$@" || status=$?
    return "$status"
  fi
  say "Ctrl-C (or SIGTERM) stops it"
  # In the background, so that a signal's trap runs at once rather than after the sleep.
  pause=
  on_exit '[[ -z $pause ]] || kill $pause 2>/dev/null'
  while :; do
    sleep 3600 &
    pause=$!
    wait "$pause" || true
  done
}
