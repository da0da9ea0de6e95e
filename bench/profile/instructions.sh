#!/usr/bin/env bash
# Instructions per request of the in-process path, counted by callgrind: repeatable whatever else the
# machine is doing (wall-clock timings on a shared 2-core box vary by ±30%). Two runs that differ only in the
# number of measured requests; the difference divided by the extra requests is the cost of one request.
# V8 runs with --predictable (compilation and GC on the main thread), without which two runs of the same
# code differed by more than the changes being measured.
# Usage: bench/profile/instructions.sh [flagon|raw] [/path]
set -euo pipefail
cd "$(dirname "$0")/../.."
handler=${1:-flagon}
path=${2:-/plaintext}
count() {
  ONLY_HANDLER=$handler ONLY_PATH=$path WARMUP=${WARMUP:-3000} REQUESTS=$1 valgrind --tool=callgrind \
    --callgrind-out-file=/dev/null node_modules/.bin/node --predictable --conditions=development bench/profile/in-process.ts 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
small=$(count 10000)
large=$(count 50000)
echo "$handler $path: $(((large - small) / 40000)) instructions per request"
