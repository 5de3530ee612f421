#!/usr/bin/env bash
# Event-bus benchmarks (BENCHMARKS.md "Event bus"). Needs RabbitMQ (LAMASSU_BENCH_AMQP, default
# amqp://guest:guest@127.0.0.1:5672); each run uses exchange/queue names of its own and deletes them.
#   bench/event-bus.sh                                  # SQLite store
#   LAMASSU_BENCH_PG='jdbc:postgresql://127.0.0.1:5432/<a database of its own, e.g. lamassu_bench>?user=postgres' bench/event-bus.sh
#   OUTAGE_SECONDS=60 SECONDS_PER_RUN=10 CLIENTS=16 bench/event-bus.sh
# Prints the load average around each part: figures depend on what else the machine runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
AMQP="${LAMASSU_BENCH_AMQP:-amqp://guest:guest@127.0.0.1:5672}"
PG="${LAMASSU_BENCH_PG:-}"
SECS="${SECONDS_PER_RUN:-10}"
OUT="${OUTAGE_SECONDS:-60}"
CLIENTS="${CLIENTS:-16}"
# Every run starts a server with a fresh data directory on the same database: one master key for all
# (a benchmark value, not a secret), or the second run would find keys sealed under another.
export LAMASSU_MASTER_KEY="${LAMASSU_MASTER_KEY:-$(printf 'lamassu-event-bus-benchmark-key!' | base64)}"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
J=(java -Xmx1g -Dbench.seconds="$SECS" -cp "$CP")
quiet() { grep -v -e ' WARN ' -e ' INFO ' -e ' ERROR ' || true; }
load() { echo "load $1: $(cut -d' ' -f1-3 /proc/loadavg)"; }
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"

stores=("")
[ -n "$PG" ] && stores+=("$PG")
for db in "${stores[@]}"; do
  name=${db:+PostgreSQL}; name=${name:-SQLite}
  echo "== end to end (commit -> outbox -> RabbitMQ with confirms -> consumer), $name"
  load before; "${J[@]}" -Dbench.db="$db" -Dbench.amqp="$AMQP" io.lamassu.bench.EventBusBenchmark endtoend 2>&1 | quiet; load after
  echo "== backlog built during a ${OUT}s broker outage, then drained, $name"
  load before; "${J[@]}" -Dbench.db="$db" -Dbench.amqp="$AMQP" -Dbench.outage.seconds="$OUT" \
    io.lamassu.bench.EventBusBenchmark outage 2>&1 | quiet; load after
  echo "== REST signing ($CLIENTS clients), in-process bus vs RabbitMQ, $name"
  load before; "${J[@]}" -Dbench.db="$db" io.lamassu.bench.RestSigningLoad "$CLIENTS" 2>&1 | quiet | sed 's/^/inprocess /'
  "${J[@]}" -Dbench.db="$db" -Dbench.amqp="$AMQP" io.lamassu.bench.RestSigningLoad "$CLIENTS" 2>&1 | quiet | sed 's/^/rabbitmq  /'
  load after
done
if [ -n "$PG" ]; then
  echo "== REST signing, two instances vs one on PostgreSQL ($CLIENTS clients, RabbitMQ bus)"
  load before; "${J[@]}" -Dbench.db="$PG" -Dbench.amqp="$AMQP" io.lamassu.bench.EventBusBenchmark scaleout "$CLIENTS" 2>&1 | quiet; load after
fi
