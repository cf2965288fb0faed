#!/bin/sh
# Installs the workspace from the committed lockfile and builds every package.
# Only Node.js and npm are assumed: pnpm is fetched by npx at the pinned version.
set -e
cd "$(dirname "$0")/.."
PNPM="npx --yes pnpm@10.34.9"
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.pnpm/lock.yaml ]; then
  $PNPM install --frozen-lockfile
fi
TURBO_TELEMETRY_DISABLED=1 $PNPM run build
