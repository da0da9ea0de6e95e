#!/usr/bin/env sh
# Packs flagon and the @flagon/* packages as `npm publish` would (each builds dist/ on prepack) into the
# blog's vendor/ folder, the Docker build context's only source of Flagon. Usage: deploy/pack.sh [dest]
# tools/pack-packages.ts does the packing: once per state of the sources, under a lock (the image test runs
# this while other tests pack), into a cache under the temp folder; this copies the tarballs out of it.
set -eu
cd "$(dirname "$0")/.."
dest="${1:-examples/blog/vendor}"
# The repository's Node 24 (npm ci installs it) runs the TypeScript tool; the machine's node may be older.
node=node_modules/.bin/node
[ -x "$node" ] || node=node
rm -rf "$dest"
mkdir -p "$dest"
"$node" tools/pack-packages.ts --into "$dest" templates flagon auth forms sql redis
ls "$dest"
