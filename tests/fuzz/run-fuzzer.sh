#!/usr/bin/env bash
# Runs one libFuzzer target briefly on its seed corpus, as the ctest fuzz_<name> does.
#
#   tests/fuzz/run-fuzzer.sh FUZZER SEED_DIR SECONDS [LIBFUZZER ARG…]
#
# New inputs go to a throw-away folder, never into the committed corpus. A crash, leak, hang or
# sanitizer report fails the run; the input that caused it is kept beside the fuzzer
# (crash-<sha1>, leak-…, timeout-…) and printed in base64 so it can be committed as a seed.
# Without the fuzzer (build/fuzz not built) the run is skipped (exit 77), unless
# FIRSTSTOP_REQUIRE_FUZZ=1 (scripts/test.sh sets it), when it fails.
set -euo pipefail

fuzzer=$1 seeds=$2 seconds=$3
shift 3

if [[ ! -x "$fuzzer" ]]; then
    if [[ "${FIRSTSTOP_REQUIRE_FUZZ:-0}" == 1 ]]; then
        echo "run-fuzzer: $fuzzer is missing (cmake --preset fuzz && cmake --build build/fuzz)" >&2
        exit 1
    fi
    echo "run-fuzzer: $fuzzer is not built; skipping (cmake --preset fuzz)" >&2
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/firststop-fuzz.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
artifacts=$(dirname -- "$fuzzer")/artifacts
mkdir -p "$work/corpus" "$artifacts"

status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" -dict="$(dirname -- "$0")/json.dict" "$@" \
    "$work/corpus" "$seeds" >"$work/log" 2>&1 || status=$?
if [[ $status -ne 0 ]]; then
    tail -n 80 "$work/log" >&2
    sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/log" | while IFS= read -r input; do
        echo "run-fuzzer: the failing input ($input), base64:" >&2
        base64 -w 0 "$input" >&2 || true
        echo >&2
    done
    exit 1
fi
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$work/log" || true
echo "run-fuzzer: $(basename -- "$fuzzer"): no crash in ${seconds}s"
