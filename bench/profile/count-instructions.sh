#!/usr/bin/env bash
# Instructions per iteration of a script that repeats one operation N times (N read from the environment),
# counted by callgrind: two runs, N=$SMALL and N=$LARGE (default 50,000 and 250,000), and the difference
# divided by the extra iterations. V8 runs with --predictable so compilation and GC happen on the main thread
# and two runs of the same code agree.
# Usage: bench/profile/count-instructions.sh <script.ts> [NAME=value ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
script=$1
shift
small=${SMALL:-50000}
large=${LARGE:-250000}
count() {
  env "$@" valgrind --tool=callgrind --callgrind-out-file=/dev/null node_modules/.bin/node --predictable \
    --conditions=flagon-source "$script" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
a=$(count N="$small" "$@")
b=$(count N="$large" "$@")
echo "$script $*: $(((b - a) / (large - small))) instructions per iteration"
