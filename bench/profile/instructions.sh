#!/usr/bin/env bash
# Instructions per request of the in-process path (bench/profile/in-process.ts), counted by callgrind:
# repeatable whatever else the machine is doing (wall-clock timings on a shared 2-core box vary by ±30%).
# Usage: bench/profile/instructions.sh [flagon|raw] [/path]
set -euo pipefail
cd "$(dirname "$0")/../.."
SMALL=10000 LARGE=50000 bench/profile/count-instructions.sh bench/profile/in-process.ts \
  ONLY_HANDLER="${1:-flagon}" ONLY_PATH="${2:-/plaintext}" WARMUP="${WARMUP:-3000}"
