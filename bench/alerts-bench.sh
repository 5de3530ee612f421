#!/usr/bin/env bash
# Alerts benchmarks (BENCHMARKS.md "Alerts"): matching cost per event with many subscriptions, and
# deliveries per second to a local webhook receiver. Prints the load average before and after each,
# since the figures depend on what else the machine runs. Usage:
#   bench/alerts-bench.sh                       # SQLite
#   LAMASSU_BENCH_PG='jdbc:postgresql://127.0.0.1:5432/<empty db>?user=postgres' bench/alerts-bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "load before matching: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "$CP" io.lamassu.bench.AlertsMatchingBenchmark 2>&1 | grep -v ' WARN '
echo "load after matching:  $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -Dbench.subscriptions=20 -Dbench.events=500 -cp "$CP" io.lamassu.bench.AlertsDeliveryBenchmark 2>&1 \
  | grep -v -e ' WARN ' -e ' INFO '
echo "load after delivery (SQLite): $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${LAMASSU_BENCH_PG:-}" ]; then
  java -Xmx1g -Dbench.db="$LAMASSU_BENCH_PG" -Dbench.subscriptions=20 -Dbench.events=500 -cp "$CP" \
    io.lamassu.bench.AlertsDeliveryBenchmark 2>&1 | grep -v -e ' WARN ' -e ' INFO '
  echo "load after delivery (PostgreSQL): $(cut -d' ' -f1-3 /proc/loadavg)"
fi
