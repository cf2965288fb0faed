/** Where a command writes: stdout for results, stderr for progress and problems. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Rewrites a status line in place; only on an interactive terminal. */
  live?(text: string): void;
}

const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
const interactive = Boolean(process.stderr.isTTY) && process.env.CI === undefined;
// On a terminal, a log line first erases the live status line it would otherwise run into.
const clear = interactive ? '\r\x1b[K' : '';

export const processIo: Io = {
  out: (text) => process.stdout.write(line(text)),
  err: (text) => process.stderr.write(clear + line(text)),
  ...(interactive ? { live: (text: string) => process.stderr.write(`\r\x1b[K${text}`) } : {}),
};
