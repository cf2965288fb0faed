import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/baselinr.js', import.meta.url));
const quickstart = fileURLToPath(new URL('../../../examples/quickstart/', import.meta.url));

let dir: string;
let register: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-lazy-'));
  // A module hook that appends every URL Node loads (ESM, and CommonJS entered from ESM) to a file.
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + '\\n'); return next(url, context); }\n`,
  );
  register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI in its own process and returns the module URLs it loaded. */
function loadedBy(name: string, ...argv: string[]): string[] {
  const log = join(dir, `${name}.log`);
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, bin, ...argv], { encoding: 'utf8', env: { ...process.env, LOADED_LOG: log } });
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(log, 'utf8').trim().split('\n');
}

const fromPackage = (urls: string[], pkg: string) => urls.filter((u) => u.includes(`/node_modules/${pkg}/`) || u.includes(`/${pkg.replace('/', '+')}@`));
const coreEntry = (urls: string[]) => urls.filter((u) => /packages\/core\/dist\/index\.js$|@baselinr\/core\/dist\/index\.js$/.test(u));

describe('each command loads only what it uses', () => {
  it('--version loads commander and nothing of the engine, the adapters or queue mode', () => {
    const urls = loadedBy('version', '--version');
    expect(fromPackage(urls, 'commander').length).toBeGreaterThan(0);
    // Only core's redaction entry (every command logs, and log lines lose URL passwords): no dependencies of its own.
    expect(urls.filter((u) => (u.includes('/packages/core/') || u.includes('@baselinr/core')) && !u.endsWith('/core/dist/redact.js'))).toEqual([]);
    expect(fromPackage(urls, 'pg-boss')).toEqual([]);
    expect(fromPackage(urls, 'zod')).toEqual([]);
  });

  it("validate-config loads core's config entry, not the engine, prom-client or pg-boss", () => {
    const urls = loadedBy('validate', 'validate-config', '--config', join(quickstart, 'config.yml'));
    expect(urls.some((u) => u.endsWith('/core/dist/config/index.js'))).toBe(true);
    expect(coreEntry(urls)).toEqual([]);
    expect(fromPackage(urls, 'prom-client')).toEqual([]);
    expect(fromPackage(urls, 'pg-boss')).toEqual([]);
    expect(fromPackage(urls, 'better-sqlite3')).toEqual([]);
    // zod and yaml come bundled into the config entry (scripts/bundle-config.mjs): ~170 modules fewer to resolve and load.
    expect(fromPackage(urls, 'zod')).toEqual([]);
    expect(fromPackage(urls, 'yaml')).toEqual([]);
  });

  it('profile (not queue mode) never loads pg-boss', () => {
    const work = mkdtempSync(join(dir, 'profile-'));
    const build = spawnSync(process.execPath, [join(quickstart, 'build-warehouse.mjs'), join(work, 'warehouse.db')], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    writeFileSync(join(work, 'config.yml'), readFileSync(join(quickstart, 'config.yml'), 'utf8'));
    const urls = loadedBy('profile', 'profile', '--quiet', '--config', join(work, 'config.yml'));
    expect(coreEntry(urls).length).toBe(1);
    expect(fromPackage(urls, 'pg-boss')).toEqual([]);
  });
});
