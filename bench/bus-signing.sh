#!/usr/bin/env bash
# REST signing with the in-process bus versus RabbitMQ (issue 11: "within 10 %"), alternating the
# two, each run on a fresh data directory (bench/rest-sign-wrk.sh: `./lamassu serve`, wrk as the
# external client, 200 openssl CSRs) and, on PostgreSQL, a fresh database, so neither run inherits
# the other's rows or vacuum debt.
#   bench/bus-signing.sh [rounds=3] [seconds=20] [connections=16]          # SQLite
#   LAMASSU_BENCH_PG=postgres bench/bus-signing.sh 3 20 16                  # PostgreSQL at 127.0.0.1:5432, that user;
#                                                                          # creates and drops lamassu_bus_bench
# WARMUP (20) seconds of load before each measured run; RabbitMQ at LAMASSU_BENCH_AMQP
# (default amqp://guest:guest@127.0.0.1:5672; the server's own queues keep their production names).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS="${1:-3}"; SECS="${2:-20}"; CONNS="${3:-16}"
AMQP="${LAMASSU_BENCH_AMQP:-amqp://guest:guest@127.0.0.1:5672}"
PG_USER="${LAMASSU_BENCH_PG:-}"
export WARMUP="${WARMUP:-20}"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); store: ${PG_USER:+PostgreSQL}${PG_USER:-SQLite}"
run() { # $1 = inprocess | rabbitmq
  local env=(LAMASSU_EVENTS_BROKER="$1")
  if [ "$1" = rabbitmq ]; then
    env+=(LAMASSU_EVENTS_AMQP_URL="$AMQP")
    # The previous run's server was stopped with events still queued for its consumers: drop them,
    # so this run's server does not start by consuming another run's backlog.
    if command -v rabbitmqctl >/dev/null; then
      for q in alerts metrics-certificate-transitions metrics-device-transitions; do
        rabbitmqctl -q purge_queue "lamassu.$q" >/dev/null 2>&1 || true
      done
    fi
  fi
  if [ -n "$PG_USER" ]; then
    psql -q -h 127.0.0.1 -U "$PG_USER" -c "DROP DATABASE IF EXISTS lamassu_bus_bench" -c "CREATE DATABASE lamassu_bus_bench" postgres
    env+=(LAMASSU_DB_URL="jdbc:postgresql://127.0.0.1:5432/lamassu_bus_bench?user=$PG_USER")
  fi
  env "${env[@]}" bench/rest-sign-wrk.sh "$SECS" "$CONNS" 2>&1 | grep -E 'Requests/sec|99%|Non-2xx|errors' | sed "s/^/$1 /"
}
for r in $(seq "$ROUNDS"); do
  # Alternate which goes first, so a trend over the run (heat, caches) favours neither.
  if [ $((r % 2)) -eq 1 ]; then order="inprocess rabbitmq"; else order="rabbitmq inprocess"; fi
  for bus in $order; do run "$bus"; done
done
[ -n "$PG_USER" ] && psql -q -h 127.0.0.1 -U "$PG_USER" -c "DROP DATABASE IF EXISTS lamassu_bus_bench" postgres
exit 0
