#!/usr/bin/env bash
# Prints the folder that holds the npm tools of scripts/openapi/package-lock.json (the OpenAPI
# linter and the JSON Schema validator): $FIRSTSTOP_TOOLS_DIR (default ~/.cache/firststop)
# /openapi-<hash of the lock file>, so a changed lock file gets a fresh install beside the old.
# scripts/install-deps.sh installs it there; the ctests openapi_lint and openapi_contract use it.
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
hash=$(sha256sum "$here/package-lock.json" | cut -c1-16)
printf '%s/openapi-%s\n' "${FIRSTSTOP_TOOLS_DIR:-${HOME:-/root}/.cache/firststop}" "$hash"
