import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';

/** What the figures depend on, recorded with them: a benchmark without its machine is a rumour. */
export interface MachineNotes {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly postgres: string;
}

export async function machineNotes(pgTarget: pg.ClientConfig): Promise<MachineNotes> {
  const client = new pg.Client(pgTarget);
  let postgres = 'unreachable';
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    postgres = rows[0]?.v ?? 'unknown';
  } catch {
    // PostgreSQL is only needed by some runs; the notes say it was not there.
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    postgres,
  };
}

/** The 1-minute load average: other work on the machine (2 cores shared with builds and tests) shows up here. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}
