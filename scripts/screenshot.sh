#!/usr/bin/env bash
# Takes a screenshot of the desktop client, headless: its own Xvfb (1280x800x24), a private
# D-Bus session with an unlocked keyring, the client logged in as a demo user and a search
# typed in. scripts/run-demo.sh --screenshot FILE starts the server and calls this; it can be
# called by hand against a running server:
#
#   scripts/screenshot.sh --client build/dev/ui/firststop --server http://127.0.0.1:8780 \
#       --data-dir /tmp/desk --output shot.png [--search sean] [--login counter1]
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

CLIENT=""
SERVER_URL=""
DESK_DIR=""
OUTPUT=""
SEARCH="sean"
LOGIN="counter1"
WORK_DIR=""
CLIENT_PID=""

usage() {
    sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$CLIENT_PID" ]]; then
        stop_pid "$CLIENT_PID" 5
    fi
    stop_xvfb
    if [[ -n "$WORK_DIR" ]]; then
        rm -rf -- "$WORK_DIR"
    fi
    exit "$status"
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
        --client) CLIENT=${2:?--client needs a path}; shift 2 ;;
        --server) SERVER_URL=${2:?--server needs a URL}; shift 2 ;;
        --data-dir) DESK_DIR=${2:?--data-dir needs a folder}; shift 2 ;;
        --output) OUTPUT=${2:?--output needs a file name}; shift 2 ;;
        --search) SEARCH=${2?--search needs a text}; shift 2 ;;
        --login) LOGIN=${2:?--login needs a user name}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown option: $1 (see --help)" ;;
        esac
    done
    [[ -n "$CLIENT" && -n "$SERVER_URL" && -n "$DESK_DIR" && -n "$OUTPUT" ]] ||
        die "--client, --server, --data-dir and --output are required (see --help)"
    [[ -x "$CLIENT" ]] || die "the client $CLIENT is not an executable"
}

# The demo users' passwords follow one pattern: counter1 / counter1-demo.
demo_password() {
    printf '%s-demo\n' "$1"
}

wait_for_window() {
    local i window=""
    for ((i = 0; i < 200; i++)); do
        window=$(xdotool search --onlyvisible --name FirstStop 2>/dev/null | head -n1 || true)
        if [[ -n "$window" ]]; then
            printf '%s\n' "$window"
            return 0
        fi
        if ! kill -0 "$CLIENT_PID" 2>/dev/null; then
            tail -n 40 "$WORK_DIR/client.log" >&2 || true
            die "the client exited before it showed a window"
        fi
        sleep 0.1
    done
    tail -n 40 "$WORK_DIR/client.log" >&2 || true
    xwininfo -root -tree >&2 2>/dev/null || true
    die "no FirstStop window appeared within 20 s"
}

main() {
    parse_args "$@"

    # Always a private session: the shot must never wait on a real keyring's unlock prompt.
    if [[ "${FIRSTSTOP_PRIVATE_KEYRING:-}" != 1 ]]; then
        exec "$FIRSTSTOP_ROOT/scripts/keyring-session.sh" bash "${BASH_SOURCE[0]}" "$@"
    fi

    local out_dir
    out_dir=$(dirname -- "$OUTPUT")
    mkdir -p -- "$out_dir" "$DESK_DIR"
    OUTPUT="$(cd -- "$out_dir" && pwd)/$(basename -- "$OUTPUT")"

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/firststop-shot.XXXXXX")
    start_xvfb "$WORK_DIR"
    log "Xvfb is up on DISPLAY=$DISPLAY (1280x800x24)"

    log "starting the client as $LOGIN, searching for \"$SEARCH\""
    FIRSTSTOP_DEMO_PASSWORD=$(demo_password "$LOGIN") QT_QPA_PLATFORM=xcb \
        "$CLIENT" --server "$SERVER_URL" --data-dir "$DESK_DIR" --login "$LOGIN" --search "$SEARCH" \
        >"$WORK_DIR/client.log" 2>&1 &
    CLIENT_PID=$!

    local window
    window=$(wait_for_window)
    # No window manager runs under Xvfb: fill the screen so the shot shows the whole window.
    xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800 2>/dev/null || true
    log "window $window is up; waiting 3 s for the first sync and the search"
    sleep 3
    if ! kill -0 "$CLIENT_PID" 2>/dev/null; then
        tail -n 40 "$WORK_DIR/client.log" >&2 || true
        die "the client exited before the screenshot"
    fi

    import -window root "$OUTPUT" || die "import (ImageMagick) could not capture the screen"
    log "screenshot saved: $OUTPUT"
}

main "$@"
