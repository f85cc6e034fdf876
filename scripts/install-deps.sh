#!/usr/bin/env bash
# Installs the Debian 12 packages FirstStop needs to build, run its demo and run its tests.
# Then the npm tools of scripts/openapi (the OpenAPI linter) into a cache folder.
# Idempotent: when everything is already installed it only asks dpkg and exits.
set -euo pipefail

# One list for the run and the test command. Notes on names that differ from what one
# might guess on Debian 12:
#   qt6-svg-dev        the QtSvg headers (there is no libqt6svg6-dev)
#   libqt6gui6         carries the xcb platform plugin (libqxcb.so) a widgets app needs
#                      under Xvfb; qt6-qpa-plugins only has the VNC plugin
#   qt6-websockets-dev a missing dependency of qt6-httpserver-dev's CMake package
#   x11-utils          xdpyinfo and xwininfo; xdotool finds the client window
#   openssl            the tests make their own CA and server certificates at run time
#   faketime           runs a test desk with its clock a day ahead or behind
#   clang-14, libclang-rt-14-dev  libFuzzer with ASan and UBSan for the fuzz targets (preset fuzz)
#   nodejs             runs the OpenAPI linter and the contract check (npm: see below)
#   python3-icalendar  a real calendar parser that checks the appointment .ics files
#   poppler-utils      pdftotext/pdftoppm read back the printed appointment slip
#   libsqlite3-dev     the C API of the SQLite Qt uses: the desk adopts a snapshot by online backup
readonly PACKAGES=(
    build-essential cmake ninja-build clang-format git pkg-config libsqlite3-dev
    qt6-base-dev qt6-base-dev-tools libqt6gui6 libqt6sql6-sqlite libqt6sql6-psql
    qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev qt6-charts-dev qtkeychain-qt6-dev libxkbcommon-dev libgl-dev libssl-dev openssl
    faketime clang-14 libclang-rt-14-dev nodejs python3-icalendar poppler-utils
    postgresql postgresql-contrib
    gnome-keyring dbus dbus-x11 libsecret-tools
    xvfb xauth x11-utils xdotool imagemagick fonts-dejavu-core
)

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT

log() { printf '[firststop] %s\n' "$*" >&2; }

missing_packages() {
    # One dpkg-query for all names; a package dpkg has never heard of prints nothing.
    local installed
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null \
        | awk '$2 == "installed" { sub(/:.*/, "", $1); print $1 }' || true)
    local pkg
    for pkg in "${PACKAGES[@]}"; do
        if ! grep -qxF "$pkg" <<<"$installed"; then
            printf '%s\n' "$pkg"
        fi
    done
}

as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        log "need root to install packages, and sudo is not available: run this script as root"
        exit 1
    fi
}

# The OpenAPI linter (@redocly/cli) and the JSON Schema validator (ajv) at the exact versions of
# scripts/openapi/package-lock.json, installed with `npm ci` into a cache folder named after the
# lock file's hash (scripts/openapi/tools-dir.sh). Nothing to do when that folder is complete.
install_openapi_tools() {
    local src="$ROOT/scripts/openapi" dir
    dir=$("$src/tools-dir.sh")
    if [[ -f "$dir/.complete" ]]; then
        log "the OpenAPI tools are installed ($dir)"
        return 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
        # Debian's nodejs 18 comes without npm; a nodejs from elsewhere usually brings its own.
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm
    fi
    log "installing the OpenAPI tools with npm ci into $dir"
    local staging="$dir.staging.$$"
    rm -rf -- "$staging"
    mkdir -p -- "$staging"
    cp -- "$src/package.json" "$src/package-lock.json" "$staging/"
    if ! (cd -- "$staging" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2); then
        rm -rf -- "$staging"
        log "npm ci failed: the npm registry must be reachable for the first run"
        exit 1
    fi
    touch "$staging/.complete"
    rm -rf -- "$dir"
    mv -- "$staging" "$dir"
}

main() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        log "this script needs Debian 12 (dpkg and apt-get); install the packages listed in it by hand"
        exit 1
    fi

    local missing=()
    mapfile -t missing < <(missing_packages)
    if [[ ${#missing[@]} -eq 0 ]]; then
        log "all ${#PACKAGES[@]} packages are installed"
        install_openapi_tools
        return 0
    fi

    log "installing ${#missing[@]} missing package(s): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

    mapfile -t missing < <(missing_packages)
    if [[ ${#missing[@]} -ne 0 ]]; then
        log "still missing after apt-get install: ${missing[*]}"
        exit 1
    fi
    log "all ${#PACKAGES[@]} packages are installed"
    install_openapi_tools
}

main "$@"
