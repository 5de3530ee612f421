#!/usr/bin/env bash
# sign-vs-cfssl.sh [ROUNDS] [WARM_S] [MEASURE_S] [CONNS]
# REST CSR signing side by side, alternating runs: the project (run from the current directory, a
# checkout with ./lamassu) on its embedded default over HTTPS, against Debian's `cfssl serve` storing
# every certificate in SQLite in WAL mode (the Go sqlite3 driver's default synchronous=NORMAL: the
# same durability as the project's default). Same 200 P-256 CSRs for both, wrk with 2 threads.
# Waits for a 1-minute load <= QUIET_LOAD (default 0.8) before each warm-up (QUIET_TRIES x 30 s, default
# 20 = 10 min; QUIET_TRIES=0 skips the wait for smoke runs) and prints it with each row.
# The project's copy of ../shared/bench/sign-vs-cfssl.sh (issue 8, BENCHMARKS.md "Signing against cfssl"),
# extended: the crypto provider from /health, stored bytes per certificate for both systems.
# LAMASSU_DB_URL=jdbc:postgresql://... (an empty database) runs the project on PostgreSQL instead.
set -uo pipefail
QUIET_LOAD=${QUIET_LOAD:-0.8} QUIET_TRIES=${QUIET_TRIES:-20}
ROUNDS=${1:-2} WARM=${2:-30} MEAS=${3:-30} CONNS=${4:-16}
HERE=$(cd "$(dirname "$0")" && pwd); PROJ=$(cd "$HERE/.." && pwd); cd "$PROJ"
[ -x ./lamassu ] || { echo "run from a project checkout (./lamassu missing)"; exit 2; }
for t in cfssl:golang-cfssl wrk:wrk sqlite3:sqlite3; do command -v "${t%%:*}" >/dev/null || apt-get install -y -q "${t#*:}" >/dev/null; done
W=$(mktemp -d); cd "$W"
free_port(){ python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# --- cfssl: P-256 CA made with openssl, 1-year client-auth profile, SQLite store in WAL mode
openssl ecparam -name prime256v1 -genkey -noout -out ca-key.pem 2>/dev/null
openssl req -new -x509 -key ca-key.pem -subj "/O=Bench/CN=cfssl Bench CA" -days 1825 -out ca.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
cat > config.json <<'J'
{"signing":{"default":{"expiry":"8760h","usages":["digital signature","client auth"]}}}
J
sqlite3 certs.db <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE certificates (serial_number blob NOT NULL, authority_key_identifier blob NOT NULL,
  ca_label blob, status blob NOT NULL, reason int, expiry timestamp, revoked_at timestamp, pem blob NOT NULL,
  PRIMARY KEY (serial_number, authority_key_identifier));
CREATE TABLE ocsp_responses (serial_number blob NOT NULL, authority_key_identifier blob NOT NULL,
  body blob NOT NULL, expiry timestamp, PRIMARY KEY (serial_number, authority_key_identifier));
SQL
echo '{"driver":"sqlite3","data_source":"certs.db"}' > db-config.json
CP=$(free_port)
cfssl serve -address 127.0.0.1 -port "$CP" -ca ca.pem -ca-key ca-key.pem -config config.json \
  -db-config db-config.json -loglevel 5 > cfssl.log 2>&1 & CFPID=$!
# --- the project
HP=$(free_port); SP=$(free_port)
"$PROJ/lamassu" serve --data-dir "$W/data" --http-port "$HP" --https-port "$SP" > "$W/lamassu.log" 2>&1 & LPID=$!
trap 'kill $CFPID $LPID 2>/dev/null; wait $LPID 2>/dev/null' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$HP/health" >/dev/null && break; sleep 0.5; done
TOK=$("$PROJ/lamassu" token --role admin --ttl 8h --data-dir "$W/data" | tail -n 1)
C=(curl -sk -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json')
"${C[@]}" "https://127.0.0.1:$SP/api/ca/v1/profiles" -d '{"id":"bench","name":"bench","validity":{"type":"Duration","duration":"1y"},"honor_subject":true,"key_usage":["DigitalSignature"],"extended_key_usages":["ClientAuth"]}' >/dev/null
"${C[@]}" "https://127.0.0.1:$SP/api/ca/v1/cas" -d '{"id":"bench-ca","subject":{"common_name":"Bench CA"},"key_metadata":{"type":"ECDSA","bits":256},"ca_expiration":{"type":"Duration","duration":"5y"},"profile_id":"bench"}' >/dev/null
# --- 200 CSRs, one JSON body per line for each server
for i in $(seq 1 200); do
  openssl ecparam -name prime256v1 -genkey -noout -out k.pem 2>/dev/null
  openssl req -new -key k.pem -subj "/CN=bench-$i" -out r.pem 2>/dev/null
  python3 - r.pem >> cfssl.bodies <<'P'
import json,sys; print(json.dumps({"certificate_request": open(sys.argv[1]).read()}))
P
  printf '{"csr":"%s","profile_id":"bench"}\n' "$(openssl req -in r.pem -outform DER | base64 -w 0)" >> lamassu.bodies
done
"${C[@]}" -o /dev/null -w 'project sign probe: %{http_code}\n' "https://127.0.0.1:$SP/api/ca/v1/cas/bench-ca/sign" -d "$(head -n 1 lamassu.bodies)"
curl -s -o /dev/null -w 'cfssl sign probe: %{http_code}\n' "http://127.0.0.1:$CP/api/v1/cfssl/sign" -d "$(head -n 1 cfssl.bodies)"
quiet(){ for _ in $(seq 1 "$QUIET_TRIES"); do awk -v q="$QUIET_LOAD" '{exit !($1<=q)}' /proc/loadavg && return; sleep 30; done; }
echo "project crypto: $(curl -s "http://127.0.0.1:$HP/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("details",{}).get("crypto"))')"
run(){ # run NAME URL BODIES TOKEN
  quiet; local load; load=$(cut -d' ' -f1 /proc/loadavg)
  wrk -t2 -c"$CONNS" -d"${WARM}s" -s "$HERE/post-json.lua" "$2" -- "$3" "$4" > /dev/null 2>&1
  wrk -t2 -c"$CONNS" -d"${MEAS}s" --latency -s "$HERE/post-json.lua" "$2" -- "$3" "$4" > "$1.txt" 2>&1
  printf '%s\t%s\t%s\t%s\tload %s\t%s\n' "$1" "$(awk '/Requests\/sec/{print $2}' "$1.txt")" \
    "$(awk '$1=="50%"{print $2}' "$1.txt")" "$(awk '$1=="99%"{print $2}' "$1.txt")" "$load" \
    "$(grep -h -E 'Non-2xx|Socket errors' "$1.txt" | tr -s ' ' | tr '\n' ' ')"
}
echo -e "system\treq/s\tp50\tp99\tload before\terrors"
for r in $(seq 1 "$ROUNDS"); do
  run "project-r$r" "https://127.0.0.1:$SP/api/ca/v1/cas/bench-ca/sign" "$W/lamassu.bodies" "$TOK"
  run "cfssl-r$r" "http://127.0.0.1:$CP/api/v1/cfssl/sign" "$W/cfssl.bodies" ""
done | tee results.tsv
awk -F'\t' '/^project/{p[++a]=$2} /^cfssl/{c[++b]=$2} END{for(i=1;i<=a;i++) printf "round %d: project/cfssl = %.2f\n", i, p[i]/c[i]}' results.tsv
echo "stored: project $(du -b "$W/data/lamassu.db" | cut -f1) bytes, cfssl $(du -b certs.db | cut -f1) bytes (+ WAL files)"
# Bytes per certificate after a checkpoint (the WAL folded into the file), as the issue's goal counts it.
kill $LPID 2>/dev/null; wait $LPID 2>/dev/null
if [ -f "$W/data/lamassu.db" ]; then
  sqlite3 "$W/data/lamassu.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  n=$(sqlite3 "$W/data/lamassu.db" 'SELECT COUNT(*) FROM ca_certificates;')
  echo "project: $n certificates, $(( $(stat -c %s "$W/data/lamassu.db") / (n > 0 ? n : 1) )) bytes per certificate"
fi
sqlite3 certs.db 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
n=$(sqlite3 certs.db 'SELECT COUNT(*) FROM certificates;')
echo "cfssl: $n certificates, $(( $(stat -c %s certs.db) / (n > 0 ? n : 1) )) bytes per certificate"
echo "work directory (logs, wrk outputs): $W"
