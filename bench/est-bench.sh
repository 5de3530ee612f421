#!/usr/bin/env bash
# EST benchmark (BENCHMARKS.md "EST enrollment"): one command, one server, one run measuring bare
# mutual-TLS handshakes against a trivial handler, (a) enrollments on a new mTLS connection each,
# (b) enrollments over keep-alive, re-enrollments, and REST signing for comparison; P-256 device
# keys, 16 concurrent clients by default. Prints the load average around the run.
# Usage: bench/est-bench.sh [clients] [seconds per phase]
#   LAMASSU_BENCH_PG='jdbc:postgresql://127.0.0.1:5432/<empty db>?user=postgres' bench/est-bench.sh   # on PostgreSQL
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
clients=${1:-16}; seconds=${2:-10}
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
db=()
if [ -n "${LAMASSU_BENCH_PG:-}" ]; then db=(-Dbench.db="$LAMASSU_BENCH_PG"); fi
java -Xmx1g "${db[@]}" -Dbench.seconds="$seconds" -Dbench.warmup="${LAMASSU_BENCH_WARMUP:-5}" -cp "$CP" \
  io.lamassu.bench.EstLoad "$clients" 2>&1 | grep -v -e ' WARN ' -e ' INFO '
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
