#!/usr/bin/env bash
# ctest's harness_environment: fails when the services scripts/test.sh promises the suite
# are not really there: PostgreSQL at FIRSTSTOP_TEST_PG, a Secret Service on the D-Bus
# session bus that stores and returns a secret, and an X server on DISPLAY.
# Exits 77 (skipped) unless FIRSTSTOP_HARNESS=1.
set -euo pipefail

log() { printf '[firststop] harness_environment: %s\n' "$*" >&2; }

FAILURES=0
fail() {
    log "FAIL: $*"
    FAILURES=$((FAILURES + 1))
}

check_postgres() {
    if [[ -z "${FIRSTSTOP_TEST_PG:-}" ]]; then
        fail "FIRSTSTOP_TEST_PG is not set"
        return
    fi
    local out
    if out=$(psql "$FIRSTSTOP_TEST_PG" -X -q -t -A -c 'select 1' 2>&1) && [[ "$out" == 1 ]]; then
        log "ok: PostgreSQL answers at '$FIRSTSTOP_TEST_PG' ($(psql "$FIRSTSTOP_TEST_PG" -X -t -A -c 'show server_version'))"
    else
        fail "PostgreSQL at '$FIRSTSTOP_TEST_PG' does not answer: $out"
    fi
}

check_secret_service() {
    if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
        fail "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
        return
    fi
    local attr secret got
    attr="harness-$$-$RANDOM"
    secret="s-$RANDOM-$RANDOM"
    if ! printf '%s' "$secret" | timeout 20 secret-tool store --label='FirstStop harness check' \
        firststop-harness "$attr" 2>/dev/null; then
        fail "the Secret Service did not store a secret (is an unlocked gnome-keyring running?)"
        return
    fi
    got=$(timeout 20 secret-tool lookup firststop-harness "$attr" 2>/dev/null || true)
    timeout 20 secret-tool clear firststop-harness "$attr" 2>/dev/null || true
    if [[ "$got" == "$secret" ]]; then
        log "ok: the Secret Service stores and returns a secret"
    else
        fail "the Secret Service returned a different secret than it was given"
    fi
}

check_display() {
    if [[ -z "${DISPLAY:-}" ]]; then
        fail "DISPLAY is not set"
    elif xdpyinfo -display "$DISPLAY" >/dev/null 2>&1; then
        log "ok: an X server answers on DISPLAY=$DISPLAY"
    else
        fail "no X server answers on DISPLAY=$DISPLAY"
    fi
}

main() {
    if [[ "${FIRSTSTOP_HARNESS:-}" != 1 ]]; then
        log "skipped: set FIRSTSTOP_HARNESS=1 (scripts/test.sh does) to check the harness"
        exit 77
    fi
    check_postgres
    check_secret_service
    check_display
    if [[ $FAILURES -ne 0 ]]; then
        log "$FAILURES check(s) failed"
        exit 1
    fi
    log "PostgreSQL, Secret Service and X server are up"
}

main "$@"
