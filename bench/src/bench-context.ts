import type { BenchOptions } from './options.js';
import { profileWithCli, type ProfileRequest, type ProfileRun } from './profile-run.js';
import { loadAverage } from './environment.js';

/** What every run gets: the options, a log line, and measurements repeated as asked. */
export interface BenchContext {
  readonly options: BenchOptions;
  log(message: string): void;
  /** `baselinr profile` measured `times` times (default `options.repeat`); the run with the median wall time. */
  profile(label: string, request: ProfileRequest, times?: number): Promise<ProfileRun>;
  /** Any measurement taken `options.repeat` times; the one with the median wall time. */
  repeated<T extends { readonly wallMs: number }>(label: string, measure: () => Promise<T>): Promise<T>;
}

export function createContext(options: BenchOptions): BenchContext {
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const median = async <T extends { readonly wallMs: number }>(label: string, times: number, measure: () => Promise<T>): Promise<T> => {
    const taken: T[] = [];
    for (let i = 0; i < times; i++) {
      const one = await measure();
      log(`${label}: ${(one.wallMs / 1000).toFixed(2)} s wall (load ${loadAverage()})`);
      taken.push(one);
    }
    return taken.sort((a, b) => a.wallMs - b.wallMs)[Math.floor((taken.length - 1) / 2)]!;
  };
  return {
    options,
    log,
    profile: (label, request, times = options.repeat) => median(label, times, () => profileWithCli(request)),
    repeated: (label, measure) => median(label, options.repeat, measure),
  };
}
