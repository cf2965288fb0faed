import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, type ConnectionConfig } from '@baselinr/core';
import type { Logger } from '../logger.js';

/**
 * `profile --dry-run` (Baselinr's): the run profiles as usual into a SQLite store in a temporary
 * folder, deleted afterwards, so nothing reaches `storage.connection`. Options that read the
 * stored run back (drift, the report, queue mode) have nothing to read and are refused.
 */
export async function dryRun(
  options: { detectDrift?: boolean; report?: string; enqueue?: boolean },
  profile: (store: ConnectionConfig) => Promise<number>,
  logger: Logger,
): Promise<number> {
  const refused = [options.detectDrift && '--detect-drift', options.report !== undefined && '--report', options.enqueue && '--enqueue'].filter(Boolean);
  if (refused.length > 0) {
    logger.error(`--dry-run stores nothing, so ${refused.join(' and ')} cannot read the run back; drop one of them`);
    return ExitCode.usage;
  }
  const folder = mkdtempSync(join(tmpdir(), 'baselinr-dry-run-'));
  try {
    return await profile({ type: 'sqlite', filepath: join(folder, 'results.db'), extra_params: {} });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
