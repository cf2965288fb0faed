import { dirname, join, resolve } from 'node:path';
import type { SpoolFlush } from '@baselinr/core';

/**
 * Where profiles the results store could not take are kept: `.baselinr/spool` beside the config
 * file (where the default SQLite store lives too), so the next run with that config finds them.
 */
export function spoolDirFor(configPath: string): string {
  return join(dirname(resolve(configPath)), '.baselinr', 'spool');
}

/** What a flush did, in lines for people; `problem` when records are still waiting or unreadable. */
export function describeFlush(flush: SpoolFlush): { readonly lines: string[]; readonly problem: boolean } {
  const done = [
    `${flush.written} record(s) written to the results store`,
    ...(flush.alreadyStored > 0 ? [`${flush.alreadyStored} already there (not written twice)`] : []),
    ...(flush.partialRemoved > 0 ? [`${flush.partialRemoved} incomplete file(s) of a crashed write removed`] : []),
  ];
  const lines = [`spool ${flush.dir}: ${done.join(', ')}`];
  if (flush.error !== undefined) lines.push(`${flush.remaining} record(s) still waiting in the spool: ${flush.error}`);
  for (const path of flush.unreadable) lines.push(`not a spooled record (left in place): ${path}`);
  if (flush.otherStore > 0) lines.push(`${flush.otherStore} record(s) for another results store left in place (flush them with that store's config)`);
  return { lines, problem: flush.error !== undefined || flush.unreadable.length > 0 };
}
