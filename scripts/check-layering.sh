#!/usr/bin/env bash
# Fails when an #include crosses a layer the wrong way. Dependencies point one way:
#   ui → app → models,  server → models
# so models/ includes nothing from app/, ui/ or server/ and no QtWidgets, QtNetwork,
# QtHttpServer or qt6keychain header; app/ includes nothing from ui/ or server/;
# server/ includes nothing from app/ or ui/ and no QtWidgets header.
# Qt headers are matched by module path (<QtWidgets/QWidget>, <QtWidgets>) and by class
# name (<QWidget>), the latter looked up in the installed Qt headers.
set -euo pipefail

log() { printf '[firststop] %s\n' "$*" >&2; }

QT_HEADERS_DIR=""
VIOLATIONS=()

find_qt_headers() {
    local dir=${FIRSTSTOP_QT_HEADERS:-}
    if [[ -z "$dir" ]] && command -v qtpaths6 >/dev/null 2>&1; then
        dir=$(qtpaths6 --query QT_INSTALL_HEADERS 2>/dev/null || true)
    fi
    if [[ -z "$dir" ]] && command -v qmake6 >/dev/null 2>&1; then
        dir=$(qmake6 -query QT_INSTALL_HEADERS 2>/dev/null || true)
    fi
    if [[ -n "$dir" && -d "$dir" ]]; then
        QT_HEADERS_DIR=$dir
    else
        log "layering_check: Qt headers not found; checking <QtModule/…> includes only"
    fi
}

# Sets MODULE to the Qt module a header include belongs to, or to nothing. No subshells:
# this runs once per include line.
MODULE=""
qt_module_of() {
    local header=$1 module
    MODULE=""
    if [[ "$header" =~ ^(Qt[A-Za-z]+)(/|$) ]]; then
        MODULE=${BASH_REMATCH[1]}
    elif [[ -n "$QT_HEADERS_DIR" && "$header" =~ ^Q[A-Za-z0-9]+$ ]]; then
        for module in QtWidgets QtNetwork QtHttpServer; do
            if [[ -f "$QT_HEADERS_DIR/$module/$header" ]]; then
                MODULE=$module
                return
            fi
        done
    fi
}

# check_layer LAYER "forbidden layer dirs" "forbidden Qt modules and qt6keychain"
check_layer() {
    local layer=$1 forbidden_dirs=$2 forbidden_libs=$3
    [[ -d "$layer" ]] || return 0

    local match file line header target dir
    # One grep for the whole layer; each match is "file:line:#include …".
    while IFS= read -r match; do
        file=${match%%:*}
        line=${match#*:}
        line=${line#*:}
        [[ "$line" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*[\<\"]([^\>\"]+)[\>\"] ]] || continue
        header=${BASH_REMATCH[1]}
        # Normalise "../app/Foo.h" to "app/Foo.h".
        target=$header
        while [[ "$target" == ../* ]]; do target=${target#../}; done
        for dir in $forbidden_dirs; do
            if [[ "$target" == "$dir"/* ]]; then
                VIOLATIONS+=("$file: $layer/ must not include $dir/: #include $header")
            fi
        done
        if [[ "$header" == qt6keychain/* && " $forbidden_libs " == *" qt6keychain "* ]]; then
            VIOLATIONS+=("$file: $layer/ must not use QtKeychain: #include <$header>")
        fi
        qt_module_of "$header"
        if [[ -n "$MODULE" && " $forbidden_libs " == *" $MODULE "* ]]; then
            VIOLATIONS+=("$file: $layer/ must not use $MODULE: #include <$header>")
        fi
    done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include' --include='*.cpp' --include='*.h' "$layer" | sort || true)
}

main() {
    local root
    root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
    cd -- "$root"

    find_qt_headers
    check_layer models "app ui server" "QtWidgets QtNetwork QtHttpServer qt6keychain"
    check_layer app "ui server" ""
    check_layer server "app ui" "QtWidgets"

    if [[ ${#VIOLATIONS[@]} -ne 0 ]]; then
        log "layering_check: ${#VIOLATIONS[@]} include(s) cross a layer the wrong way (ui → app → models, server → models):"
        printf '  %s\n' "${VIOLATIONS[@]}" >&2
        exit 1
    fi
    log "layering_check: models/, app/ and server/ include only what their layer may"
}

main "$@"
