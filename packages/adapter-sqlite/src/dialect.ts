import { createDialect, hashSample } from '@baselinr/core';
import { ROW_HASH_FUNCTION } from './functions.js';

/** Arguments per row-hash call: SQLite's default limit on a function's arguments is 127. */
const HASH_ARGUMENTS = 100;

export const sqliteDialect = createDialect({
  identifierQuote: '"',
  exactText: (e) => `CAST(${e} AS TEXT)`,
  // LENGTH counts characters for text values in SQLite.
  charLength: (c) => `LENGTH(${c})`,
  // Registered by the adapter: SQLite has no built-in standard deviation.
  stddevSamp: (c) => `stddev_samp(${c})`,
  // A BOOLEAN column holds whatever was inserted (0/1, or text such as 'true'): MIN and MAX see it as it is.
  booleanExtreme: (c, which) => `${which === 'min' ? 'MIN' : 'MAX'}(${c})`,
  // No TABLESAMPLE and no seeded random: a predicate on the row hash.
  sampleRows: (fraction, _seed, rowHash) => hashSample(rowHash, fraction),
  // No hash function either: the adapter registers one (functions.ts). A table wider than one call's
  // arguments hashes its columns in groups, then the groups' hashes.
  rowHash: (columns, quote) => {
    const groups: string[] = [];
    for (let i = 0; i < columns.length; i += HASH_ARGUMENTS)
      groups.push(
        `${ROW_HASH_FUNCTION}(${columns
          .slice(i, i + HASH_ARGUMENTS)
          .map((c) => quote(c.name))
          .join(', ')})`,
      );
    return groups.length === 1 ? groups[0]! : `${ROW_HASH_FUNCTION}(${groups.join(', ')})`;
  },
});
