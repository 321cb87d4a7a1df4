#!/usr/bin/env bash
# Starts and stops the real services the test suite uses: PostgreSQL and Redis,
# each private to this checkout, on loopback ports, installed from Debian when missing.
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

case "${1:-}" in
  start) start_pg; start_redis ;;
  stop) stop_redis; stop_pg ;;
  env)
    echo "export YJS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PG_PORT/yijianshi_test"
    echo "export YJS_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
