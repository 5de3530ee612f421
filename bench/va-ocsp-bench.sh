#!/usr/bin/env bash
# OCSP responder benchmark (BENCHMARKS.md "Validation authority"): a server with N issued
# certificates (default 100,000, random serials), then wrk with 16 connections for GET and POST
# without a nonce (pre-signed cache) and POST with a nonce (signed per request), plus the
# in-process build-and-sign rate and the revocation -> OCSP revoked delay.
# Usage: bench/va-ocsp-bench.sh [seconds] [certificates]      Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-15}; certs=${2:-100000}
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
work=$(mktemp -d)
java -Xmx2g -cp "$CP" io.lamassu.bench.VaOcspBench "$work" "$certs" 2>&1 | grep -v -e ' WARN ' -e ' INFO ' &
pid=$!
trap 'touch "$work/stop"; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
until [[ -f "$work/ready" ]]; do kill -0 $pid 2>/dev/null || exit 1; sleep 0.5; done
base="http://127.0.0.1:$(cat "$work/port")"
cat >"$work/get.lua" <<LUA
local paths, n = {}, 0
for line in io.lines("$work/get-paths.txt") do n = n + 1; paths[n] = line end
local i = math.random(n)
request = function() i = i % n + 1; return wrk.format("GET", paths[i]) end
LUA
for kind in post nonce; do
cat >"$work/$kind.lua" <<LUA
local bodies, n = {}, 0
for line in io.lines("$work/$kind-hex.txt") do
  n = n + 1
  bodies[n] = (line:gsub('..', function(cc) return string.char(tonumber(cc, 16)) end))
end
local i = math.random(n)
local headers = {["Content-Type"] = "application/ocsp-request"}
request = function() i = i % n + 1; return wrk.format("POST", "/ocsp", headers, bodies[i]) end
LUA
done
# Warm-up: JIT, and every certificate's response pre-signed once (as a running responder would have).
wrk -t2 -c16 -d${WARMUP:-20}s -s "$work/get.lua" "$base" >/dev/null
wrk -t2 -c16 -d${WARMUP:-20}s -s "$work/post.lua" "$base" >/dev/null
for kind in get post nonce; do
  echo "== OCSP $kind, 16 connections, ${seconds}s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t2 -c16 -d${seconds}s --latency -s "$work/$kind.lua" "$base" \
    | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%'
done
touch "$work/stop"
wait $pid
