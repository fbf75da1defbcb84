#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL server.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a fresh cluster in a temporary directory (initdb), starts it on 127.0.0.1 on a free
# port (plus a unix socket inside the temporary directory), creates a superuser role and a
# database, exports DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB, runs the command, then
# always stops the server and removes the directory. Exits with the command's exit code.
#
# PostgreSQL refuses to run as root: when run as root, the server runs as the `postgres` system
# user, which owns the temporary directory.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

pgbin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    pgbin="$dir"
    break
  fi
done
if [ -z "$pgbin" ]; then
  echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin;" \
    "run scripts/system-deps.sh" >&2
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/greenledger-pg.XXXXXX")"
chmod 700 "$tmp"
data="$tmp/data"
log="$tmp/server.log"

run_pg() {
  # Runs a PostgreSQL binary as the user that owns the cluster.
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "error: running as root needs the 'postgres' system user (install postgresql)" >&2
    rm -rf "$tmp"
    exit 1
  fi
  chown postgres: "$tmp"
fi

started=0
cleanup() {
  if [ "$started" -eq 1 ]; then
    run_pg "$pgbin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

user="greenledger"
password="greenledger-$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')"
db="greenledger"
pwfile="$tmp/pwfile"
printf '%s\n' "$password" >"$pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"

run_pg "$pgbin/initdb" -D "$data" -U "$user" --pwfile="$pwfile" -A scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  exit 1
}
rm -f "$pwfile"

# A few tries in case another process grabs the port between probing and binding it.
port=""
for _ in 1 2 3 4 5; do
  port="$(free_port)"
  opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$tmp"
  opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  opts="$opts -c max_connections=200"
  if run_pg "$pgbin/pg_ctl" -D "$data" -l "$log" -o "$opts" -w -t 60 start >/dev/null 2>&1; then
    started=1
    break
  fi
  # pg_ctl may have left a half-started server behind.
  run_pg "$pgbin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
done
if [ "$started" -ne 1 ]; then
  echo "error: PostgreSQL did not start; server log:" >&2
  cat "$log" >&2 2>/dev/null || true
  exit 1
fi

PGPASSWORD="$password" "$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
  -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null

export DATABASE_URL="postgres://$user:$password@127.0.0.1:$port/$db"
export GREENLEDGER_PG_SOCKET_DIR="$tmp"

# The command runs in the background and the script waits for it, so a TERM or INT sent to this
# script (timeout(1), a CI runner) is handled at once: passed on to the command, then the EXIT
# trap stops the server. Standard input is handed through explicitly.
"$@" <&0 &
child=$!
forward() {
  kill "-$1" "$child" 2>/dev/null || true
  wait "$child" 2>/dev/null || true
  exit "$2"
}
trap 'forward TERM 143' TERM
trap 'forward INT 130' INT
set +e
wait "$child"
status=$?
set -e
exit "$status"
