#!/usr/bin/env bash
# Starts and stops the real services the test suite uses: PostgreSQL, Redis and ClamAV's clamd, each
# private to this checkout (loopback ports, a socket under .services/), installed from Debian when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN="$ROOT/.services"
PG_PORT=${YJS_TEST_PG_PORT:-55432}
REDIS_PORT=${YJS_TEST_REDIS_PORT:-56379}
PG_DIR=/tmp/yijianshi-pg-$PG_PORT

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  echo "services: installing $* from Debian packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# initdb refuses to run as root, so root runs the cluster as the postgres user.
pg_user() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

start_pg() {
  [ -n "$(pg_bin)" ] || apt_install postgresql
  local bin; bin=$(pg_bin)
  if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; chown "$(pg_user)" "$PG_DIR"
    as_pg "'$bin/initdb' -D '$PG_DIR' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
  fi
  if ! as_pg "'$bin/pg_ctl' -D '$PG_DIR' status >/dev/null 2>&1"; then
    as_pg "'$bin/pg_ctl' -D '$PG_DIR' -l '$PG_DIR/log' -w -o \"-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
  fi
  as_pg "'$bin/psql' -h 127.0.0.1 -p $PG_PORT -U postgres -qc 'DROP DATABASE IF EXISTS yijianshi_test' >/dev/null"
  as_pg "'$bin/psql' -h 127.0.0.1 -p $PG_PORT -U postgres -qc 'CREATE DATABASE yijianshi_test' >/dev/null"
  echo "services: PostgreSQL on 127.0.0.1:$PG_PORT"
}

stop_pg() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] && [ -f "$PG_DIR/PG_VERSION" ] && as_pg "'$bin/pg_ctl' -D '$PG_DIR' -m fast stop >/dev/null 2>&1" || true
}

start_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$RUN"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
      --dir "$RUN" --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log"
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "services: Redis on 127.0.0.1:$REDIS_PORT"
}

stop_redis() { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }

# clamd with a private config, socket and database under .services/. Debian ships no signature
# database and freshclam needs the internet, so the database is one local signature: the MD5 of
# the EICAR test file (hash:size:name), which the tests upload. Loading it takes well under a second.
CLAMD_DIR="$RUN/clamd"
CLAMD_SOCK="$CLAMD_DIR/clamd.sock"

clamd_pong() {
  python3 - "$CLAMD_SOCK" 2>/dev/null <<'PY'
import socket, sys
with socket.socket(socket.AF_UNIX) as s:
    s.settimeout(2)
    s.connect(sys.argv[1])
    s.sendall(b"zPING\0")
    sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
}

clamd_conf() {
  mkdir -p "$CLAMD_DIR/db"
  echo "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature" >"$CLAMD_DIR/db/eicar.hdb"
  cat >"$CLAMD_DIR/clamd.conf" <<CONF
LocalSocket $CLAMD_SOCK
LocalSocketMode 600
DatabaseDirectory $CLAMD_DIR/db
PidFile $CLAMD_DIR/clamd.pid
LogFile $CLAMD_DIR/clamd.log
TemporaryDirectory $CLAMD_DIR
# The uploads' hard cap can be 200 MB (YJS_MAX_UPLOAD_MB); clamd's default stream limit is 25 MB.
StreamMaxLength 210M
MaxFileSize 210M
MaxScanSize 400M
Bytecode no
CONF
}

start_clamd() {
  [ -x /usr/sbin/clamd ] || apt_install clamav-daemon
  clamd_conf
  if ! clamd_pong; then
    rm -f "$CLAMD_SOCK"
    /usr/sbin/clamd -c "$CLAMD_DIR/clamd.conf" # returns once the database is loaded and it has forked
    for _ in $(seq 100); do clamd_pong && break; sleep 0.2; done
    clamd_pong || { echo "services: clamd did not start; see $CLAMD_DIR/clamd.log" >&2; exit 1; }
  fi
  echo "services: clamd on $CLAMD_SOCK"
}

stop_clamd() {
  local pid
  pid=$(cat "$CLAMD_DIR/clamd.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$CLAMD_DIR/clamd.pid" "$CLAMD_SOCK"
}

case "${1:-}" in
  start) start_pg; start_redis; start_clamd ;;
  stop) stop_clamd; stop_redis; stop_pg ;;
  env)
    echo "export YJS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PG_PORT/yijianshi_test"
    echo "export YJS_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export YJS_TEST_CLAMD_SOCKET=$CLAMD_SOCK"
    ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
