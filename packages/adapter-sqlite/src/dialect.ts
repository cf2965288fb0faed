import { createDialect } from '@baselinr/core';

export const sqliteDialect = createDialect({
  identifierQuote: '"',
  exactText: (e) => `CAST(${e} AS TEXT)`,
  // LENGTH counts characters for text values in SQLite.
  charLength: (c) => `LENGTH(${c})`,
  // Registered by the adapter: SQLite has no built-in standard deviation.
  stddevSamp: (c) => `stddev_samp(${c})`,
  // A BOOLEAN column holds whatever was inserted (0/1, or text such as 'true'): MIN and MAX see it as it is.
  booleanExtreme: (c, which) => `${which === 'min' ? 'MIN' : 'MAX'}(${c})`,
  // No TABLESAMPLE and no seeded random: a predicate on RANDOM() (a signed 64-bit integer, taken
  // modulo a million without ABS, which overflows on the smallest value).
  sampleRows: (fraction) => ({ predicate: `(RANDOM() % 1000000 + 1000000) % 1000000 < ${Math.round(fraction * 1_000_000)}`, repeatable: false }),
});
