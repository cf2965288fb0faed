import { createDialect } from '@baselinr/core';

export const sqliteDialect = createDialect({
  identifierQuote: '"',
  exactText: (e) => `CAST(${e} AS TEXT)`,
  // LENGTH counts characters for text values in SQLite.
  charLength: (c) => `LENGTH(${c})`,
  // Registered by the adapter: SQLite has no built-in standard deviation.
  stddevSamp: (c) => `stddev_samp(${c})`,
});
