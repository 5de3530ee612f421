#!/usr/bin/env bash
# REST signing load with wrk as an external load generator (BENCHMARKS.md "Certificate authority").
# Starts `./lamassu serve` on a fresh data directory, creates the walkthrough's profile and P-256 CA,
# then posts 200 openssl-made CSRs in turn to POST /api/ca/v1/cas/{id}/sign (each request verifies its
# CSR and issues a new certificate, stored with its audit row and event). Usage: bench/rest-sign-wrk.sh [seconds] [connections...]
# Needs wrk (apt-get install wrk), openssl, curl, python3. LAMASSU_JAVA_OPTS passes JVM options.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-10}; shift || true
conns=("${@:-2 16}"); conns=(${conns[@]})
work=$(mktemp -d)
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  cp "$work/server.log" /tmp/lamassu-bench-server.log 2>/dev/null || true   # access log: server-side durations
  rm -rf "$work"
}
trap cleanup EXIT
./lamassu serve --data-dir "$work/data" --http-port 18080 --https-port 18443 >"$work/server.log" 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:18080/health/ready >/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "server did not start:" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
admin=$(LAMASSU_JAVA_OPTS= ./lamassu token --role admin --data-dir "$work/data")
operator=$(LAMASSU_JAVA_OPTS= ./lamassu token --role operator --data-dir "$work/data")
api=https://localhost:18443/api/ca/v1
c=(curl -sS --fail-with-body --cacert "$work/data/tls/bootstrap-ca.pem" -H "Content-Type: application/json" -H "Authorization: Bearer $admin")
"${c[@]}" "$api/profiles" -d '{"id":"device-profile","name":"bench","validity":{"type":"Duration","duration":"1y"},
  "honor_subject":true,"key_usage":["DigitalSignature"],"extended_key_usages":["ClientAuth"]}' >/dev/null
"${c[@]}" "$api/cas" -d '{"id":"issuing-ca-01","subject":{"common_name":"Bench CA"},"key_metadata":{"type":"ECDSA","bits":256},
  "ca_expiration":{"type":"Duration","duration":"5y"},"profile_id":"device-profile"}' >/dev/null
# 200 distinct device keys and CSRs, posted in turn, so every request verifies a different key.
for i in $(seq 1 200); do
  openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null \
    | openssl req -new -key /dev/stdin -subj "/CN=device-$i/O=Acme" -outform DER | base64 -w0
  echo
done >"$work/csrs.txt"
cat >"$work/post.lua" <<LUA
local bodies, n = {}, 0
for line in io.lines("$work/csrs.txt") do
  n = n + 1
  bodies[n] = '{"csr":"' .. line .. '","profile_id":"device-profile"}'
end
local i = math.random(n)
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $operator"}
request = function()
  i = i % n + 1
  return wrk.format("POST", nil, headers, bodies[i])
end
LUA
url=$api/cas/issuing-ca-01/sign
wrk -t2 -c16 -d${WARMUP:-30}s -s "$work/post.lua" "$url" >/dev/null   # warm-up: C2 is still compiling for ~30 s
for n in "${conns[@]}"; do
  t=$(( n < 2 ? 1 : 2 ))
  echo "== $n connections, ${seconds}s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t$t -c$n -d${seconds}s --latency -s "$work/post.lua" "$url" | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%'
done
echo "certificates stored (CA stats): $("${c[@]}" "$api/stats" | head -c 300)"
if [[ -f "$work/data/lamassu.db" ]]; then
  echo "WAL file after the runs: $(stat -c %s "$work/data/lamassu.db-wal" 2>/dev/null || echo 0) bytes; database: $(stat -c %s "$work/data/lamassu.db") bytes"
fi
