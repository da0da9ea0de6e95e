#!/usr/bin/env sh
# Packs flagon and the @flagon/* packages as `npm publish` would (each builds dist/ on prepack) into the
# blog's vendor/ folder, the Docker build context's only source of Flagon. Usage: deploy/pack.sh [dest]
set -eu
cd "$(dirname "$0")/.."
dest="${1:-examples/blog/vendor}"
rm -rf "$dest"
mkdir -p "$dest"
# In dependency order: each package's build reads the declarations its siblings' builds wrote.
for name in templates flagon auth forms sql redis; do
  npm pack --workspace "packages/$name" --pack-destination "$dest" --silent >/dev/null
done
ls "$dest"
