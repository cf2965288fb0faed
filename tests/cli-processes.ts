import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url));

/** A `baselinr` process started by a test: its output so far, and its exit. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name), or rejects after `timeoutMs`. */
  exited(timeoutMs: number): Promise<number | string>;
}

/**
 * Starts and tracks CLI processes so a test can kill whatever is still running when it ends;
 * every process is also killed once it outlives `lifetimeMs`, so nothing leaks past a test.
 */
export class CliProcesses {
  private readonly running = new Set<ChildProcess>();

  constructor(private readonly lifetimeMs: number) {}

  start(...args: string[]): CliProcess {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    this.running.add(child);
    const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    void exit.then(() => this.running.delete(child));
    const killer = setTimeout(() => child.kill('SIGKILL'), this.lifetimeMs);
    void exit.then(() => clearTimeout(killer));
    return {
      child,
      pid: child.pid!,
      stdout: () => out,
      stderr: () => err,
      exited: (timeoutMs) =>
        Promise.race([
          exit,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`baselinr ${args.join(' ')} still running after ${timeoutMs}ms:\n${err}`)), timeoutMs).unref()),
        ]),
    };
  }

  /** Kills every process still running and waits for each to exit. */
  async killAll(): Promise<void> {
    await Promise.all(
      [...this.running].map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        return exit;
      }),
    );
  }
}
