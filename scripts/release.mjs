#!/usr/bin/env node
// `npm run release`: applies the pending changesets (versions and CHANGELOG.md files), packs every
// publishable package from a clean build and publishes the tarballs to npm, @baselinr/core first;
// then tags the release. `npm run release -- --dry-run` changes nothing: it shows the pending
// changesets, packs, and runs `npm publish --dry-run` on each tarball.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, PNPM, root } from './lib/pack.mjs';

const dryRun = process.argv.includes('--dry-run');
const log = (text) => console.log(`release${dryRun ? ' (dry run)' : ''}: ${text}`);

function run(command, args) {
  log(`${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
}

const tarballs = mkdtempSync(join(tmpdir(), 'baselinr-release-'));
try {
  if (dryRun) {
    run('npx', ['changeset', 'status', '--verbose']);
  } else {
    run('npx', ['changeset', 'version']);
    // The new versions into the lockfile's workspace entries, before anything is built from it.
    run('npx', [...PNPM, 'install']);
  }
  const packed = packAll(tarballs, log);
  for (const [name, file] of packed) {
    log(`publishing ${name}`);
    run('npm', ['publish', file, '--access', 'public', ...(dryRun ? ['--dry-run'] : [])]);
  }
  if (!dryRun) {
    run('npx', ['changeset', 'tag']);
    log('published; commit the versions and changelogs, then push the commit and its tags (git push --follow-tags)');
  }
} finally {
  rmSync(tarballs, { recursive: true, force: true });
}
