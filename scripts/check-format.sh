#!/usr/bin/env bash
# Fails when a tracked C++ file (*.cpp, *.h) is not formatted as .clang-format says,
# and lists the offenders. Fix them with: clang-format -i FILE…
set -euo pipefail

log() { printf '[firststop] %s\n' "$*" >&2; }

main() {
    local root
    root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
    cd -- "$root"

    local clang_format=${CLANG_FORMAT:-clang-format}
    if ! command -v "$clang_format" >/dev/null 2>&1; then
        log "format_check: $clang_format not found (scripts/install-deps.sh installs it)"
        exit 1
    fi

    local files=()
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
    else
        # A source tarball has no git: check what a checkout would track.
        mapfile -t files < <(find . -path ./build -prune -o -path ./.git -prune -o \
            -type f \( -name '*.cpp' -o -name '*.h' \) -print | sed 's|^\./||' | sort)
    fi

    local present=() file
    for file in "${files[@]}"; do
        # A tracked file deleted in the work tree is not ours to judge.
        [[ -f "$file" ]] && present+=("$file")
    done

    # One clang-format for all files (fast); it names each offender in its warnings.
    local offenders=() report
    if [[ ${#present[@]} -gt 0 ]] &&
        ! report=$("$clang_format" --dry-run --Werror "${present[@]}" 2>&1 >/dev/null); then
        mapfile -t offenders < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: .*/\1/p' <<<"$report" | sort -u)
        if [[ ${#offenders[@]} -eq 0 ]]; then
            printf '%s\n' "$report" >&2
            offenders=("(clang-format failed; see above)")
        fi
    fi

    if [[ ${#offenders[@]} -ne 0 ]]; then
        log "format_check: ${#offenders[@]} of ${#files[@]} file(s) are not clang-formatted:"
        printf '  %s\n' "${offenders[@]}" >&2
        log "fix with: clang-format -i ${offenders[*]}"
        exit 1
    fi
    log "format_check: ${#files[@]} file(s) are clang-formatted ($("$clang_format" --version | head -n1))"
}

main "$@"
