import { AdapterResolutionError, BaselinrError, ConfigError, ExitCode, NothingSelectedError, errorMessage, type Redactor } from '@baselinr/core';

/** A command that failed before it could produce its result: what to log, print and exit with. */
export interface Failure {
  readonly exitCode: number;
  /** `CONFIG_INVALID`, `ADAPTER_NOT_FOUND`, `WAREHOUSE_ERROR`, `CANCELLED`, ... or `ERROR`. */
  readonly code: string;
  readonly message: string;
  readonly problems?: readonly string[];
  /** What to do next, for people (stderr only). */
  readonly hint?: string;
}

/** Classifies an error that ended a command; its texts pass through `redact`, since drivers may quote secrets. */
export function describeFailure(err: unknown, redact: Redactor): Failure {
  const message = redact(errorMessage(err));
  const code = err instanceof BaselinrError ? err.code : 'ERROR';
  if (err instanceof ConfigError) {
    const hint =
      err instanceof NothingSelectedError
        ? 'Nothing was profiled or stored. Fix profiling.tables or --table and run again (baselinr plan shows what is selected).'
        : 'Nothing was connected to or written. Fix the config and run again (baselinr validate-config checks it).';
    return { exitCode: ExitCode.usage, code, message, problems: err.problems.map(redact), hint };
  }
  if (err instanceof AdapterResolutionError) return { exitCode: ExitCode.usage, code, message };
  if (err instanceof BaselinrError && err.code === 'CANCELLED') return { exitCode: ExitCode.interrupted, code, message: 'interrupted' };
  return { exitCode: ExitCode.tablesFailed, code, message };
}

/** The `--json` document of a failed command, so scripts parse every outcome. */
export function failureJson(failure: Failure) {
  return {
    status: 'error',
    exitCode: failure.exitCode,
    error: { code: failure.code, message: failure.message, ...(failure.problems ? { problems: failure.problems } : {}) },
  };
}
