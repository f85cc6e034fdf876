#!/usr/bin/env bash
# keyring-session.sh COMMAND [ARG…]: runs COMMAND inside a private D-Bus session
# (dbus-run-session) with gnome-keyring's Secret Service running and unlocked with a
# throw-away password, so QtKeychain works on a bare machine, over ssh, in CI and under Xvfb
# without ever prompting. The keyring's files live in a temporary folder that is removed
# afterwards; the user's own keyrings are not touched. Exits with COMMAND's status.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

KEYRING_DIR=""
KEYRING_PID=""

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
    if [[ -n "$KEYRING_PID" ]]; then
        stop_pid "$KEYRING_PID" 5
    fi
    if [[ -n "$KEYRING_DIR" ]]; then
        rm -rf -- "$KEYRING_DIR"
    fi
}

start_keyring() {
    KEYRING_DIR=$(mktemp -d "${TMPDIR:-/tmp}/firststop-keyring.XXXXXX")
    mkdir -m 700 "$KEYRING_DIR/data" "$KEYRING_DIR/run"
    local password
    password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
    # The daemon keeps its files and control socket in our folder, not the user's.
    # --foreground so that its pid is ours to stop; it reads the password on stdin.
    printf '%s' "$password" |
        env XDG_DATA_HOME="$KEYRING_DIR/data" XDG_RUNTIME_DIR="$KEYRING_DIR/run" \
            gnome-keyring-daemon --foreground --unlock --components=secrets \
            >"$KEYRING_DIR/env" 2>"$KEYRING_DIR/log" &
    KEYRING_PID=$!

    local i
    for ((i = 0; i < 100; i++)); do
        secret_service_running && break
        kill -0 "$KEYRING_PID" 2>/dev/null || break
        sleep 0.1
    done
    if ! secret_service_running; then
        cat "$KEYRING_DIR/log" >&2 || true
        die "gnome-keyring-daemon did not bring up the Secret Service"
    fi

    # Export what the daemon printed (GNOME_KEYRING_CONTROL and the like), if anything.
    local line
    while IFS= read -r line; do
        if [[ "$line" =~ ^[A-Z_][A-Z0-9_]*=.*$ ]]; then
            export "${line?}"
        fi
    done <"$KEYRING_DIR/env"
    if [[ -z "${GNOME_KEYRING_CONTROL:-}" && -d "$KEYRING_DIR/run/keyring" ]]; then
        export GNOME_KEYRING_CONTROL="$KEYRING_DIR/run/keyring"
    fi
}

main() {
    [[ $# -gt 0 ]] || die "usage: scripts/keyring-session.sh COMMAND [ARG…]"
    if [[ "$1" != --inside-session ]]; then
        command -v dbus-run-session >/dev/null 2>&1 || die "dbus-run-session is missing (scripts/install-deps.sh)"
        command -v gnome-keyring-daemon >/dev/null 2>&1 || die "gnome-keyring-daemon is missing (scripts/install-deps.sh)"
        exec dbus-run-session -- bash "${BASH_SOURCE[0]}" --inside-session "$@"
    fi
    shift

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_keyring
    export FIRSTSTOP_PRIVATE_KEYRING=1
    # Where no login session set one up (ssh, CI), give Qt a private runtime folder.
    if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
        export XDG_RUNTIME_DIR="$KEYRING_DIR/run"
    fi
    log "private D-Bus session with an unlocked gnome-keyring (throw-away password) is up"

    local status=0
    "$@" || status=$?
    exit "$status"
}

main "$@"
