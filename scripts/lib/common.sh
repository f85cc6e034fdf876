# shellcheck shell=bash
# Helpers shared by scripts/run-demo.sh, scripts/test.sh and scripts/screenshot.sh.
# Sourced, not run: it defines functions and sets nothing but FIRSTSTOP_ROOT.

FIRSTSTOP_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)

log() { printf '[firststop] %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# Prints the shared reference data folder (names, LGSL, HSDS, bank holidays) the build needs:
# $FIRSTSTOP_SHARED_DIR if set, else ../shared beside the repo, else ../shared beside the
# repo this one was cloned from when that is a local folder.
find_shared_dir() {
    local candidates=() dir origin
    [[ -n "${FIRSTSTOP_SHARED_DIR:-}" ]] && candidates+=("$FIRSTSTOP_SHARED_DIR")
    candidates+=("$FIRSTSTOP_ROOT/../shared")
    origin=$(git -C "$FIRSTSTOP_ROOT" config --get remote.origin.url 2>/dev/null || true)
    origin=${origin#file://}
    if [[ "$origin" == /* && -d "$origin" ]]; then
        candidates+=("$origin/../shared")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -d "$dir" ]]; then
            (cd -- "$dir" && pwd)
            return 0
        fi
    done
    return 1
}

# configure_and_build PRESET [TARGET…]: configures build/PRESET with cmake --preset and
# builds the targets (all when none are given) on two cores. A cache left by a tree at
# another path, or one that no longer configures, is wiped and configured afresh once.
configure_and_build() {
    local preset=$1
    shift
    local build_dir="$FIRSTSTOP_ROOT/build/$preset"
    local shared
    shared=$(find_shared_dir) || die "the shared reference data is missing: put shared/ beside the repo ($FIRSTSTOP_ROOT/../shared) or set FIRSTSTOP_SHARED_DIR=/path/to/shared"

    if [[ -f "$build_dir/CMakeCache.txt" ]]; then
        local home
        home=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build_dir/CMakeCache.txt")
        if [[ "$home" != "$FIRSTSTOP_ROOT" ]]; then
            log "build/$preset was configured for $home: configuring afresh"
            rm -rf -- "$build_dir"
        fi
    fi

    mkdir -p -- "$FIRSTSTOP_ROOT/build"
    log "configuring (cmake --preset $preset, shared data: $shared)"
    if ! (cd -- "$FIRSTSTOP_ROOT" && cmake --preset "$preset" -DFIRSTSTOP_SHARED_DIR="$shared" >"$build_dir.configure.log" 2>&1); then
        log "configure failed; retrying with a fresh cache"
        rm -rf -- "$build_dir/CMakeCache.txt" "$build_dir/CMakeFiles"
        if ! (cd -- "$FIRSTSTOP_ROOT" && cmake --preset "$preset" -DFIRSTSTOP_SHARED_DIR="$shared" >"$build_dir.configure.log" 2>&1); then
            tail -n 40 "$build_dir.configure.log" >&2
            die "cmake --preset $preset failed (full log: $build_dir.configure.log)"
        fi
    fi
    rm -f -- "$build_dir.configure.log"

    local target_args=()
    if [[ $# -gt 0 ]]; then
        target_args=(--target "$@")
    fi
    log "building (cmake --build --preset $preset -j2${*:+ --target $*})"
    (cd -- "$FIRSTSTOP_ROOT" && cmake --build --preset "$preset" -j2 "${target_args[@]}") ||
        die "the build failed (preset $preset)"
}

# Prints the path of the built executable NAME under build/PRESET.
find_built_executable() {
    local preset=$1 name=$2 path
    path=$(find "$FIRSTSTOP_ROOT/build/$preset" -type f -name "$name" -perm -u+x -print -quit 2>/dev/null)
    [[ -n "$path" ]] || return 1
    printf '%s\n' "$path"
}

# True when a Secret Service answers on the current D-Bus session bus.
secret_service_running() {
    [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] || return 1
    timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'
}

# start_xvfb DIR: starts Xvfb (1280x800x24) on a free display, writes its pid to
# DIR/xvfb.pid, exports DISPLAY and sets XVFB_PID.
XVFB_PID=""
start_xvfb() {
    local dir=$1 display_file="$1/xvfb.display" i
    : >"$display_file"
    # -displayfd lets Xvfb pick a free display itself and tell us which: no races with
    # other runs, no stale-lock guessing.
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
        3>"$display_file" >"$dir/xvfb.log" 2>&1 &
    XVFB_PID=$!
    printf '%s\n' "$XVFB_PID" >"$dir/xvfb.pid"
    for ((i = 0; i < 100; i++)); do
        if [[ -s "$display_file" ]]; then
            DISPLAY=":$(tr -d '[:space:]' <"$display_file")"
            export DISPLAY
            if xdpyinfo >/dev/null 2>&1; then
                return 0
            fi
        fi
        kill -0 "$XVFB_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$dir/xvfb.log" >&2 || true
    die "Xvfb did not start"
}

stop_xvfb() {
    if [[ -n "$XVFB_PID" ]] && kill -0 "$XVFB_PID" 2>/dev/null; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
    XVFB_PID=""
}

# stop_pid PID [SECONDS]: asks a process we started to stop, then insists.
stop_pid() {
    local pid=$1 grace=${2:-10} i
    kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
