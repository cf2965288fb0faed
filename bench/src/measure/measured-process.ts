import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProcessMeasurement {
  readonly exitCode: number | null;
  /** From spawn to exit, as the user waits for it: Node start-up and module loading included. */
  readonly wallMs: number;
  /** User + system CPU of the process, all threads. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

const HOOK = fileURLToPath(new URL('./resource-usage-hook.js', import.meta.url));

/** A child that takes longer than this is stuck, not slow: the benchmark stops instead of hanging. */
const TIMEOUT_MS = 30 * 60 * 1000;

/** Runs a Node script as a child process and measures its wall time, CPU seconds and peak RSS. */
export async function runMeasuredNode(script: string, args: readonly string[], cwd: string): Promise<ProcessMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-bench-usage-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const started = performance.now();
    const { exitCode, stdout, stderr } = await runChild(process.execPath, ['--import', HOOK, script, ...args], cwd, { BENCH_RESOURCE_FILE: usageFile });
    const wallMs = performance.now() - started;
    const usage = readUsage(usageFile, exitCode, stderr);
    return { exitCode, wallMs, cpuSeconds: (usage.userMicros + usage.systemMicros) / 1e6, peakRssMb: usage.maxRssKb / 1024, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Usage {
  readonly userMicros: number;
  readonly systemMicros: number;
  readonly maxRssKb: number;
}

/** The hook writes on exit; a child killed by a signal (or the timeout) leaves nothing to read. */
function readUsage(file: string, exitCode: number | null, stderr: string): Usage {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Usage;
  } catch {
    throw new Error(`no resource usage from the measured process (exit ${exitCode ?? 'by signal'}):\n${stderr.split('\n').slice(-10).join('\n')}`);
  }
}

export interface ChildResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns a process, collects its output, kills it if it outlives TIMEOUT_MS. */
export function runChild(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
