#!/bin/sh
# Regenerates docs/migrating-from-baselinr.md from the config schemas and the facts table.
set -e
cd "$(dirname "$0")/.."
UPDATE_MIGRATION_GUIDE=1 npx vitest run packages/core/src/config/migration-guide.test.ts
