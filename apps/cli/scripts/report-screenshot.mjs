#!/usr/bin/env node
// Regenerates the README's report screenshot (docs/images/report-quickstart.png): the quickstart
// demo profiled, changed as in docs/drift.md's walk-through, profiled again, reported, and the top
// of the report captured in Debian's chromium. Needs the built CLI (npm run build) and
// /usr/bin/chromium (or BASELINR_CHROMIUM). Usage: node apps/cli/scripts/report-screenshot.mjs [OUT.png]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CHROMIUM_PATH, chromiumAvailable, inspectInChromium } from './headless-chromium.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'apps/cli/dist/bin.js');
const quickstart = join(repo, 'examples/quickstart');
const out = resolve(process.argv[2] ?? join(repo, 'docs/images/report-quickstart.png'));

if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
if (!chromiumAvailable()) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium) or set BASELINR_CHROMIUM`);

const dir = mkdtempSync(join(tmpdir(), 'baselinr-screenshot-'));
try {
  copyFileSync(join(quickstart, 'config.yml'), join(dir, 'config.yml'));
  const node = (...args) => execFileSync(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  node(join(quickstart, 'build-warehouse.mjs'), join(dir, 'warehouse.db'));
  node(bin, 'profile', '--config', 'config.yml', '--quiet');
  // docs/drift.md: nulls added to customers.email, orders.total shifted, products.weight_kg dropped.
  const warehouse = new Database(join(dir, 'warehouse.db'));
  warehouse.exec('UPDATE customers SET email = NULL WHERE id % 4 = 0; UPDATE orders SET total = total + 250; ALTER TABLE products DROP COLUMN weight_kg;');
  warehouse.close();
  node(bin, 'profile', '--config', 'config.yml', '--quiet', '--report', 'report.html');
  mkdirSync(dirname(out), { recursive: true });
  const { requests, errors } = await inspectInChromium(join(dir, 'report.html'), (page) => page.screenshot({ path: out }), { width: 1280, height: 2150 });
  if (requests.length > 0 || errors.length > 0) throw new Error(`the report made requests or logged errors: ${JSON.stringify({ requests, errors })}`);
  console.log(`screenshot written to ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
