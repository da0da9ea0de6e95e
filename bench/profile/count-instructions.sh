#!/usr/bin/env bash
# Instructions per iteration of a script that repeats one operation N times (N read from the environment),
# counted by callgrind: two runs, N=50,000 and N=250,000, and the difference divided by 200,000. V8 runs with
# --predictable so compilation and GC happen on the main thread and two runs of the same code agree.
# Usage: bench/profile/count-instructions.sh <script.ts> [NAME=value ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
script=$1
shift
count() {
  env "$@" valgrind --tool=callgrind --callgrind-out-file=/dev/null node_modules/.bin/node --predictable \
    --conditions=development "$script" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
small=$(count N=50000 "$@")
large=$(count N=250000 "$@")
echo "$script $*: $(((large - small) / 200000)) instructions per iteration"
