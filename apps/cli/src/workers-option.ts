import { InvalidArgumentError, Option } from 'commander';

export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new RangeError(`--workers: must be a whole number from 1 to 64, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function workersOption(): Option {
  return new Option('--workers <n>', 'override execution.max_workers (1-64); adapter limits still apply').argParser((v) => {
    try {
      return parseWorkers(v);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message.replace(/^--workers: /, ''));
    }
  });
}
