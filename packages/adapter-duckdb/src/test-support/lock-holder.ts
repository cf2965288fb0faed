import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The package folder, where a child process resolves @duckdb/node-api. */
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Another process holding a database file open read-write, so DuckDB's file lock refuses this
 * one: an embedded engine's equivalent of a server refusing a connection. `release` ends it.
 */
export async function holdWriteLock(filepath: string): Promise<{ release(): Promise<void> }> {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(filepath)});
    await (await instance.connect()).run('CREATE TABLE IF NOT EXISTS held (x INTEGER)');
    process.stdout.write('locked\\n');
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: PACKAGE_DIR, stdio: ['pipe', 'pipe', 'inherit'] });
  const [data] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => [Buffer.from('exited')])])) as [Buffer];
  if (!String(data).includes('locked')) throw new Error(`the lock-holding process did not start: ${String(data)}`);
  return {
    release: async () => {
      child.stdin.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
