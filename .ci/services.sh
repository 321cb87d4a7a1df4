#!/usr/bin/env bash
# Starts and stops the real services the test suite uses: PostgreSQL, Redis and ClamAV's clamd, each
# private to this checkout (loopback ports, a socket under .services/), installed from Debian when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN="$ROOT/.services"
PG_PORT=${YJS_TEST_PG_PORT:-55432}
REDIS_PORT=${YJS_TEST_REDIS_PORT:-56379}
PG_DIR=/tmp/yijianshi-pg-$PG_PORT
RABBITMQ_PORT=${YJS_TEST_RABBITMQ_PORT:-56672}
RABBITMQ_DIR=/tmp/yijianshi-rabbitmq-$RABBITMQ_PORT

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

# RabbitMQ for the extra pass of tests/workers on the other broker: its own node name, ports and data
# under /tmp; no management plugin. Erlang's distribution port is set too (its default, port + 20000,
# does not exist for high ports). Started with `start rabbitmq` or YJS_TEST_RABBITMQ=1 (.ci/test.sh).
rabbitmq_env() {
  export RABBITMQ_NODENAME="yjs$RABBITMQ_PORT@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$RABBITMQ_PORT" RABBITMQ_DIST_PORT=$((RABBITMQ_PORT + 1)) \
    RABBITMQ_MNESIA_BASE="$RABBITMQ_DIR/mnesia" RABBITMQ_LOG_BASE="$RABBITMQ_DIR/log" \
    RABBITMQ_PID_FILE="$RABBITMQ_DIR/rabbitmq.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_DIR/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$RABBITMQ_DIR/rabbitmq" HOME="$RABBITMQ_DIR"
}

rabbitmq_up() { (exec 3<>"/dev/tcp/127.0.0.1/$RABBITMQ_PORT") 2>/dev/null; }

start_rabbitmq() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || apt_install rabbitmq-server
  if ! rabbitmq_up; then
    mkdir -p "$RABBITMQ_DIR/log"
    echo "[]." >"$RABBITMQ_DIR/enabled_plugins"
    printf 'loopback_users.guest = true\nlog.console = false\n' >"$RABBITMQ_DIR/rabbitmq.conf"
    (rabbitmq_env; setsid /usr/lib/rabbitmq/bin/rabbitmq-server </dev/null >"$RABBITMQ_DIR/log/start.log" 2>&1 &)
    for _ in $(seq 300); do rabbitmq_up && break; sleep 0.1; done
    rabbitmq_up || { echo "services: RabbitMQ did not start; see $RABBITMQ_DIR/log" >&2; exit 1; }
  fi
  echo "services: RabbitMQ on 127.0.0.1:$RABBITMQ_PORT"
}

stop_rabbitmq() {
  local pid
  pid=$(cat "$RABBITMQ_DIR/rabbitmq.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$RABBITMQ_DIR/rabbitmq.pid"
}

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
  start)
    if [ "${2:-}" = rabbitmq ]; then start_rabbitmq; exit 0; fi
    start_pg; start_redis; start_clamd
    if [ "${YJS_TEST_RABBITMQ:-}" = 1 ]; then start_rabbitmq; fi
    ;;
  stop) stop_rabbitmq; stop_clamd; stop_redis; stop_pg ;;
  env)
    echo "export YJS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PG_PORT/yijianshi_test"
    echo "export YJS_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export YJS_TEST_CLAMD_SOCKET=$CLAMD_SOCK"
    echo "export YJS_TEST_RABBITMQ_URL=amqp://guest:guest@127.0.0.1:$RABBITMQ_PORT/%2F"
    ;;
  *) echo "usage: $0 start [rabbitmq]|stop|env" >&2; exit 2 ;;
esac
