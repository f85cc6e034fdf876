#!/usr/bin/env bash
# Checks docs/openapi.yaml with the npm tools of scripts/openapi (installed by
# scripts/install-deps.sh into the folder scripts/openapi/tools-dir.sh names):
#
#   scripts/openapi/run.sh lint                      Redocly's linter, rules in redocly.yaml
#   scripts/openapi/run.sh contract SERVER_EXE       the real server's replies against the document
#
# Without the tools the check is skipped (exit 77), unless FIRSTSTOP_HARNESS=1 (scripts/test.sh),
# when it fails.
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)
tools=$("$here/tools-dir.sh")

if [[ ! -f "$tools/.complete" ]] || ! command -v node >/dev/null 2>&1; then
    if [[ "${FIRSTSTOP_HARNESS:-0}" == 1 ]]; then
        echo "openapi: the npm tools are missing ($tools): run scripts/install-deps.sh" >&2
        exit 1
    fi
    echo "openapi: the npm tools are not installed ($tools); skipping (scripts/install-deps.sh)" >&2
    exit 77
fi
export FIRSTSTOP_OPENAPI_TOOLS="$tools"
# Redocly asks the network for nothing when telemetry is off.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

case "${1:-}" in
lint)
    exec "$tools/node_modules/.bin/redocly" lint "$root/docs/openapi.yaml" \
        --config "$here/redocly.yaml" --format=stylish
    ;;
contract)
    [[ $# -eq 2 ]] || { echo "usage: $0 contract SERVER_EXECUTABLE" >&2; exit 2; }
    exec node "$here/contract-check.mjs" "$2" "$root/docs/openapi.yaml"
    ;;
*)
    echo "usage: $0 lint | contract SERVER_EXECUTABLE" >&2
    exit 2
    ;;
esac
