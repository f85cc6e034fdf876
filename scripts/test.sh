#!/usr/bin/env bash
# The test command: installs what is missing, builds with preset ci and runs the whole suite
# against real parts: a throw-away PostgreSQL 15 cluster, an unlocked gnome-keyring Secret
# Service in a private D-Bus session, and an Xvfb X server. Cleans up after itself, also
# after a run that was killed, and exits non-zero on any failure.
#
#   scripts/test.sh [CTEST ARG…]     e.g. scripts/test.sh -R tst_wirecodec
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

readonly PRESET=ci
RUN_DIR=""
PG_BIN=""
PG_DATA=""
PG_LOG=""

as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            PG_BIN=$dir
            return 0
        fi
    done
    die "PostgreSQL's initdb and pg_ctl are missing (scripts/install-deps.sh installs postgresql)"
}

# A run that was killed (SIGKILL, a closed terminal) leaves its folder behind, perhaps with a
# postmaster and an Xvfb still running. Each run records its own pid; stop what a dead run
# started, using the pids it wrote down, and remove its folder.
clean_stale_runs() {
    local dir owner pid
    for dir in "${TMPDIR:-/tmp}"/firststop-test.*; do
        [[ -d "$dir" && -f "$dir/owner.pid" ]] || continue
        owner=$(<"$dir/owner.pid")
        # A run that is still going (perhaps another developer's) is left alone; a pid that
        # was reused by some other program, or a zombie, is no run.
        if [[ "$owner" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$owner/cmdline" 2>/dev/null | grep -q 'test\.sh' &&
            [[ "$(awk '{ print $3 }' "/proc/$owner/stat" 2>/dev/null)" != Z ]]; then
            continue
        fi
        log "removing what an interrupted run left: $dir"
        if [[ -f "$dir/pg/data/postmaster.pid" && -n "$PG_BIN" ]]; then
            as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        if [[ -f "$dir/xvfb.pid" ]]; then
            pid=$(<"$dir/xvfb.pid")
            if [[ "$pid" =~ ^[0-9]+$ && "$(cat "/proc/$pid/comm" 2>/dev/null)" == Xvfb ]]; then
                kill "$pid" 2>/dev/null || true
            fi
        fi
        rm -rf -- "$dir"
    done
}

start_postgres() {
    # Everything the cluster writes (data, socket, log) lives under one folder it owns.
    local pg_root="$RUN_DIR/pg" sock="$RUN_DIR/pg/sock" port
    PG_DATA="$pg_root/data"
    PG_LOG="$pg_root/postgres.log"
    mkdir -p "$sock" "$PG_DATA"
    if [[ $EUID -eq 0 ]]; then
        # initdb refuses to run as root: the cluster belongs to the postgres user.
        id postgres >/dev/null 2>&1 || die "there is no postgres user (scripts/install-deps.sh installs postgresql)"
        chmod 711 "$RUN_DIR"
        chown -R postgres: "$pg_root"
    fi
    chmod 700 "$PG_DATA"

    # The server listens on a Unix socket in our own folder only (no TCP), so the port only
    # names the socket file and cannot clash with another cluster; pick one at random anyway.
    port=$((20000 + RANDOM % 40000))
    log "starting a throw-away PostgreSQL cluster ($PG_BIN, socket $sock, port $port)"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        >"$RUN_DIR/initdb.log" 2>&1 || {
        cat "$RUN_DIR/initdb.log" >&2
        die "initdb failed"
    }
    # Durability is worth nothing to a cluster that is deleted in a minute.
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
        -o "-k $sock -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || {
        cat "$PG_LOG" >&2 || true
        die "PostgreSQL did not start"
    }
    export FIRSTSTOP_TEST_PG="host=$sock port=$port user=postgres"
    export FIRSTSTOP_REQUIRE_PG=1
    psql "$FIRSTSTOP_TEST_PG" -X -q -c 'select 1' >/dev/null || die "PostgreSQL started but does not answer"
}

# shellcheck disable=SC2317 # called from cleanup
stop_postgres() {
    if [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    PG_DATA=""
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_postgres
    stop_xvfb
    if [[ -n "$RUN_DIR" ]]; then
        rm -rf -- "$RUN_DIR"
    fi
    exit "$status"
}

# Prints "P passed, F failed, S skipped" from ctest's JUnit report.
summarise() {
    local junit=$1 suite tests failures skipped
    [[ -s "$junit" ]] || return 1
    suite=$(tr '\n\t' '  ' <"$junit" | grep -o '<testsuite [^>]*' | head -n1)
    tests=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$suite")
    failures=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$suite")
    skipped=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$suite")
    [[ -n "$tests" && -n "$failures" ]] || return 1
    skipped=${skipped:-0}
    printf '%d passed, %d failed, %d skipped\n' "$((tests - failures - skipped))" "$failures" "$skipped"
}

main() {
    local started=$SECONDS
    cd -- "$FIRSTSTOP_ROOT"

    "$FIRSTSTOP_ROOT/scripts/install-deps.sh"
    find_pg_bin
    clean_stale_runs

    local build_started=$SECONDS
    configure_and_build "$PRESET"
    # The libFuzzer targets have a clang++ build of their own; the suite runs them (fuzz_*).
    configure_and_build fuzz fuzz_wirecodec fuzz_requests
    export FIRSTSTOP_REQUIRE_FUZZ=1
    local build_seconds=$((SECONDS - build_started))

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/firststop-test.XXXXXX")
    printf '%s\n' "$$" >"$RUN_DIR/owner.pid"

    start_postgres
    start_xvfb "$RUN_DIR"
    log "Xvfb is up on DISPLAY=$DISPLAY"

    # The suite gets its own XDG folders so nothing lands in the user's home.
    local xdg
    for xdg in config data cache; do mkdir -p "$RUN_DIR/xdg-$xdg"; done
    export XDG_CONFIG_HOME="$RUN_DIR/xdg-config" XDG_DATA_HOME="$RUN_DIR/xdg-data"
    export XDG_CACHE_HOME="$RUN_DIR/xdg-cache"
    export FIRSTSTOP_HARNESS=1
    # Fonts are looked up through fontconfig; keep Qt quiet about a missing runtime dir.
    mkdir -m 700 "$RUN_DIR/xdg-runtime"
    export XDG_RUNTIME_DIR="$RUN_DIR/xdg-runtime"

    local junit="$RUN_DIR/ctest-junit.xml" status=0 test_started=$SECONDS
    log "running the suite: ctest --preset $PRESET -j2 $*"
    "$FIRSTSTOP_ROOT/scripts/keyring-session.sh" \
        ctest --preset "$PRESET" -j2 --output-junit "$junit" "$@" || status=$?
    local test_seconds=$((SECONDS - test_started))

    local counts
    counts=$(summarise "$junit") || counts="no test report"
    local total=$((SECONDS - started))
    log "build ${build_seconds}s, tests ${test_seconds}s, total $((total / 60))m$((total % 60))s"
    if [[ $status -eq 0 ]]; then
        log "PASSED: $counts"
    else
        log "FAILED (ctest exit $status): $counts"
    fi
    # The plain closing line any CI reads: "tests: N passed, N failed, N skipped".
    printf 'tests: %s\n' "$counts"
    exit "$status"
}

main "$@"
