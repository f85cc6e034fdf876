#!/usr/bin/env bash
# The run command: installs what is missing, builds, starts the central service on loopback
# with its embedded SQLite store and generated demo data, and opens the desktop client
# connected to it. The server stops when the client is closed.
#
#   scripts/run-demo.sh [options]
#     --fresh              wipe the demo data first (server database and the desk's cache)
#     --screenshot FILE    no window: run headless under Xvfb and save a PNG of the client
#     --search TEXT        text typed into the search box for --screenshot (default: sean)
#     --port N             the server's port (default: 8780)
#     --data-dir DIR       where the demo keeps its data
#                          (default: ${XDG_DATA_HOME:-$HOME/.local/share}/firststop-demo)
#     --preset NAME        the CMake preset to build (default: release; dev also works)
#     -h, --help           this text
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

FRESH=0
SCREENSHOT=""
SEARCH="sean"
PORT=8780
DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/firststop-demo"
PRESET=release
SERVER_PID=""

usage() {
    sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
        --fresh) FRESH=1; shift ;;
        --screenshot) SCREENSHOT=${2:?--screenshot needs a file name}; shift 2 ;;
        --search) SEARCH=${2?--search needs a text}; shift 2 ;;
        --port) PORT=${2:?--port needs a number}; shift 2 ;;
        --data-dir) DATA_DIR=${2:?--data-dir needs a folder}; shift 2 ;;
        --preset) PRESET=${2:?--preset needs a name}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown option: $1 (see --help)" ;;
        esac
    done
    [[ "$PORT" =~ ^[0-9]+$ ]] || die "--port wants a number, not $PORT"
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping firststop-server"
        stop_pid "$SERVER_PID" 10
    fi
    exit "$status"
}

# Prints the status line of GET /health on loopback (bash's /dev/tcp: no curl needed).
health_status() {
    local line
    # shellcheck disable=SC2016 # $1 is expanded by the inner bash
    line=$(timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "GET /health HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$1" >&3
        IFS= read -r line <&3 && printf "%s\n" "$line"
    ' _ "$1" 2>/dev/null) || return 1
    printf '%s\n' "${line%$'\r'}"
}

port_in_use() {
    # shellcheck disable=SC2016 # $1 is expanded by the inner bash
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

prepare_data_dir() {
    if [[ $FRESH -eq 1 && -e "$DATA_DIR" ]]; then
        case $(cd -- "$DATA_DIR" && pwd) in
        / | "$HOME" | "$FIRSTSTOP_ROOT") die "refusing to wipe $DATA_DIR: choose a folder of its own with --data-dir" ;;
        esac
        log "--fresh: wiping $DATA_DIR"
        rm -rf -- "$DATA_DIR"
    fi
    mkdir -p -- "$DATA_DIR/desk"
    DATA_DIR=$(cd -- "$DATA_DIR" && pwd)
}

start_server() {
    local server=$1
    if port_in_use "$PORT"; then
        die "something already listens on 127.0.0.1:$PORT (another demo?): stop it, or pick another port with --port"
    fi
    local log_file="$DATA_DIR/server.log"
    log "starting firststop-server on 127.0.0.1:$PORT (data: $DATA_DIR/server.db, log: $log_file)"
    "$server" --listen 127.0.0.1 --port "$PORT" --allow-plain-http \
        --database "sqlite:$DATA_DIR/server.db" --demo-users --demo 5000 --demo-appointments >"$log_file" 2>&1 &
    SERVER_PID=$!

    # The first start generates the demo data before it listens: give it time.
    local i status
    for ((i = 0; i < 1200; i++)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -n 40 "$log_file" >&2 || true
            SERVER_PID=""
            die "firststop-server exited before it was ready (log: $log_file)"
        fi
        if grep -q 'firststop-server: listening on http://' "$log_file" 2>/dev/null; then
            status=$(health_status "$PORT" || true)
            if [[ "$status" == *" 200"* ]]; then
                log "firststop-server is up: http://127.0.0.1:$PORT (GET /health: ${status#HTTP/1.? })"
                return 0
            fi
        fi
        sleep 0.1
    done
    tail -n 40 "$log_file" >&2 || true
    die "firststop-server did not answer GET /health within 120 s (log: $log_file)"
}

print_logins() {
    log "demo log-ins (user / password):"
    printf '    %-9s %-14s %s\n' \
        counter1 counter1-demo "counter staff, Cardiff Central" \
        library1 library1-demo "library staff" \
        lead1 lead1-demo "team lead" \
        admin admin-demo "administrator" >&2
}

run_client() {
    local client=$1 url="http://127.0.0.1:$PORT"
    local args=(--server "$url" --data-dir "$DATA_DIR/desk")
    local status=0
    if secret_service_running; then
        log "opening the desktop client (close it to stop the server)"
        "$client" "${args[@]}" || status=$?
    else
        log "no Secret Service on a D-Bus session bus: starting a private D-Bus session with a" \
            "gnome-keyring unlocked by a throw-away password (the log-in is not kept after this run)"
        log "opening the desktop client (close it to stop the server)"
        "$FIRSTSTOP_ROOT/scripts/keyring-session.sh" "$client" "${args[@]}" || status=$?
    fi
    return "$status"
}

main() {
    parse_args "$@"
    if [[ -z "$SCREENSHOT" && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
        die "no display (DISPLAY is not set): run this under a desktop session, or take a picture headless with: scripts/run-demo.sh --screenshot out.png"
    fi

    "$FIRSTSTOP_ROOT/scripts/install-deps.sh"
    configure_and_build "$PRESET" firststop-server firststop
    local server client
    server=$(find_built_executable "$PRESET" firststop-server) || die "the build made no firststop-server"
    client=$(find_built_executable "$PRESET" firststop) || die "the build made no firststop client"

    prepare_data_dir
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_server "$server"
    print_logins

    if [[ -n "$SCREENSHOT" ]]; then
        "$FIRSTSTOP_ROOT/scripts/screenshot.sh" --client "$client" --server "http://127.0.0.1:$PORT" \
            --data-dir "$DATA_DIR/desk" --search "$SEARCH" --output "$SCREENSHOT"
    else
        run_client "$client"
    fi
}

main "$@"
