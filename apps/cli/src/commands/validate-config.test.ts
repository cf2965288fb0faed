import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-validate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function validate(body: string, ...flags: string[]) {
  const path = join(dir, 'config.yml');
  writeFileSync(path, `source: { type: sqlite, filepath: w.db }\n${body}`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['validate-config', '--config', path, ...flags], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('validate-config with Baselinr settings', () => {
  it('lists each Baselinr setting it ignores and exits 0', async () => {
    const { code, out } = await validate('llm: { enabled: true }\nhooks: { enabled: false }\n');
    expect(code).toBe(0);
    expect(out).toContain('2 Baselinr setting(s) ignored (--strict refuses them):');
    expect(out).toContain('warn: `llm`: a Baselinr setting this version does not support; ignored');
    expect(out).toContain('warn: `hooks`: a Baselinr setting this version does not support; ignored');
  });

  it('--strict refuses them with exit code 2', async () => {
    const { code, err } = await validate('llm: { enabled: true }\n', '--strict');
    expect(code).toBe(2);
    expect(err).toContain('`llm`: a Baselinr setting this version does not support (refused by --strict)');
  });

  it("keeps a key that is nobody's an error", async () => {
    const { code, err } = await validate('executoin: {}\n');
    expect(code).toBe(2);
    expect(err).toContain('executoin: unknown key; did you mean `execution`?');
  });
});
