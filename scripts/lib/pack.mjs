// Packing the workspace's publishable packages, shared by the release and the packed-install test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const PNPM = ['--yes', 'pnpm@10.34.9'];

/** The packages that are not private, @baselinr/core first: the others build against its types. */
export function publishable() {
  const dirs = ['packages', 'apps'].flatMap((parent) => readdirSync(join(root, parent)).map((name) => join(root, parent, name)));
  const packages = dirs.filter((dir) => existsSync(join(dir, 'package.json'))).map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
  const coreFirst = (p) => (p.manifest.name === '@baselinr/core' ? 0 : 1);
  return packages.filter(({ manifest }) => !manifest.private).sort((a, b) => coreFirst(a) - coreFirst(b));
}

/**
 * Packs every publishable package into `destination` with pnpm, which turns `workspace:`
 * ranges into versions; each package's prepack builds it from clean. Returns name -> tarball.
 */
export function packAll(destination, log = console.log) {
  mkdirSync(destination, { recursive: true });
  const packed = new Map();
  for (const { dir, manifest } of publishable()) {
    log(`packing ${manifest.name}@${manifest.version} (prepack builds it from clean)`);
    const result = spawnSync('npx', [...PNPM, 'pack', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pnpm pack failed in ${dir}:\n${result.stdout}\n${result.stderr}`);
    const file = join(destination, `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
    if (!existsSync(file)) throw new Error(`pnpm pack left no ${file}`);
    packed.set(manifest.name, file);
  }
  return packed;
}
