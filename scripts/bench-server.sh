#!/usr/bin/env bash
# Server throughput under load from wrk on loopback, for pull and push, on SQLite and PostgreSQL.
#
#   scripts/bench-server.sh [--build DIR] [--people N] [--duration S] [--connections C]
#
# Needs a build with firststop-server (default build/bench, an optimised build: see
# docs/benchmarks.md) and wrk (apt-get install wrk). PostgreSQL runs as a throw-away cluster,
# like the test command's. Prints wrk's summary and latency percentiles for each case.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

BUILD=build/bench
PEOPLE=100000
DURATION=15
CONNECTIONS=8
while [[ $# -gt 0 ]]; do
    case $1 in
    --build) BUILD=$2; shift 2 ;;
    --people) PEOPLE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) die "unknown option $1" ;;
    esac
done
cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.."
SERVER="$BUILD/server/firststop-server"
[[ -x "$SERVER" ]] || die "no $SERVER: build it first (docs/benchmarks.md)"
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"

WORK=$(mktemp -d)
SERVER_PID=""
PG_DIR=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    if [[ -n "$PG_DIR" ]]; then
        runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf -- "$WORK"
}
trap cleanup EXIT

start_server() { # $1 database URL
    "$SERVER" --port 0 --allow-plain-http --database "$1" --demo-users --demo "$PEOPLE" \
        >"$WORK/server.out" 2>"$WORK/server.err" &
    SERVER_PID=$!
    local i
    for i in $(seq 1200); do
        if grep -q "listening on" "$WORK/server.out" 2>/dev/null; then
            URL=$(grep -o 'http://[0-9.:]*' "$WORK/server.out" | head -1)
            return 0
        fi
        sleep 0.5
    done
    die "the server did not start: $(tail -3 "$WORK/server.err")"
}

token() {
    python3 -c 'import json,sys,urllib.request
r=urllib.request.Request(sys.argv[1]+"/auth/login",data=json.dumps({"username":"counter1","password":"counter1-demo"}).encode(),headers={"Content-Type":"application/json"})
print(json.load(urllib.request.urlopen(r))["access_token"])' "$URL"
}

run_case() { # $1 backend label
    export TOKEN MAXSEQ="$PEOPLE"
    TOKEN=$(token)
    log "$1: pull (GET /changes, 100 a page, random cursors), $CONNECTIONS connections, ${DURATION}s"
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s scripts/bench/pull.lua "$URL"
    log "$1: push (POST /mutations, 10 new people a batch), $CONNECTIONS connections, ${DURATION}s"
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s scripts/bench/push.lua "$URL"
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

start_server "sqlite:$WORK/server.db"
run_case sqlite

PG_DIR="$WORK/pg"
mkdir -p "$PG_DIR"; chown postgres: "$PG_DIR"; chmod 711 "$WORK"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$PG_DIR/data" -A trust -U postgres >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/log" \
    -o "-k $PG_DIR -p 55499 -c listen_addresses=''" -w start >/dev/null
runuser -u postgres -- psql -h "$PG_DIR" -p 55499 -q -c "CREATE DATABASE bench" postgres
start_server "postgres:host=$PG_DIR port=55499 dbname=bench user=postgres"
run_case postgresql
