import { InvalidArgumentError, Option } from 'commander';

/** The start of a `--days N` window (Baselinr's flag), or no bound. */
export function daysAgo(days: number | undefined, now = Date.now()): Date | undefined {
  return days === undefined ? undefined : new Date(now - days * 86_400_000);
}

/** A whole-number flag within bounds; out of range is a usage error (exit 2). */
export function wholeNumberOption(flags: string, description: string, min: number, max: number): Option {
  return new Option(flags, description).argParser((value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return n;
  });
}
