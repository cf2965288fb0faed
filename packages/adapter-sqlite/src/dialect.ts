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
});
