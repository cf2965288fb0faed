import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './program.js';
import { smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

const ESC = '\u001b';
const red = `evil${ESC}[31mred`;
const twoLines = 'two\nlines';

/** Every stream a command writes to, the live status line included. */
async function run(...argv: string[]) {
  const streams = { out: [] as string[], err: [] as string[], live: [] as string[] };
  const code = await runCli(argv, { out: (t) => streams.out.push(t), err: (t) => streams.err.push(t), live: (t) => streams.live.push(t) });
  return { code, out: streams.out.join('\n'), err: streams.err.join('\n'), all: [...streams.out, ...streams.err, ...streams.live].join('\n') };
}

describe('control characters in names never reach the terminal raw', () => {
  it('escapes ANSI escapes and newlines in tables, progress lines and logs', async () => {
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    ws = smallWarehouse(
      `CREATE TABLE ${quote(red)} (${quote(`col${ESC}[2J`)} INTEGER); INSERT INTO ${quote(red)} VALUES (1);` +
        `CREATE TABLE ${quote(twoLines)} (id INTEGER); INSERT INTO ${quote(twoLines)} VALUES (2);`,
    );
    const outputs = [
      await run('profile', '--config', ws.config),
      await run('profile', '--config', ws.config, '--table', twoLines, '--table', `no${ESC}[1mpe`),
      await run('plan', '--config', ws.config),
      await run('query', 'runs', '--config', ws.config),
      await run('query', 'table', red, '--config', ws.config),
    ];
    for (const output of outputs) {
      expect(output.code).toBe(0);
      expect(output.all).not.toContain(ESC);
    }
    const [profile, narrowed, plan, , table] = outputs;
    expect(profile!.out).toMatch(/^main\.evil\\u001b\[31mred\s+succeeded\s+1\s/m);
    expect(profile!.out).toMatch(/^main\.two\\nlines\s+succeeded\s+1\s/m);
    expect(profile!.err).toContain('main.two\\nlines succeeded in');
    expect(narrowed!.err).toContain('--table "no\\u001b[1mpe" matches no table');
    expect(plan!.out).toMatch(/main\.two\\nlines\s+table/);
    expect(table!.out).toMatch(/^col\\u001b\[2J\s+count\s/m);
  });

  it('keeps --json valid JSON with the names intact', async () => {
    ws = smallWarehouse(`CREATE TABLE "${red}" (id INTEGER); INSERT INTO "${red}" VALUES (1);`);
    const json = await run('profile', '--config', ws.config, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).tables[0].table).toBe(red);
  });
});
