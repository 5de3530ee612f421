#!/usr/bin/env bash
# CRL build benchmark (BENCHMARKS.md "Validation authority"): one base CRL over 100,000 and over
# 1,000,000 revoked certificates of one P-256 CA on SQLite, through the production path (stream
# rows, encode DER, sign, store), each in a JVM limited to a 1 GiB heap. Prints time and peak heap.
# Usage: bench/va-crl-bench.sh [sizes...]     (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes=("${@:-100000 1000000}"); sizes=(${sizes[@]})
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
for n in "${sizes[@]}"; do
  echo "== $n revoked certificates (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Xmx1g -cp "$CP" io.lamassu.va.VaCrlBench "$n" 2>&1 | grep -e 'i.l.va.CrlService' -e '^[a-z]' || true
done
