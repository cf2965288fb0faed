import { backslashStringLiteral, createDialect } from '@baselinr/core';

/**
 * MySQL and MariaDB spell identifiers with backticks (doubled inside a name) and cast to CHAR,
 * not VARCHAR. Neither has an approximate distinct count, so core uses the exact one.
 */
export const mysqlDialect = createDialect({
  identifierQuote: '`',
  exactText: (e) => `CAST(${e} AS CHAR)`,
  // LENGTH counts bytes in MySQL; CHAR_LENGTH counts characters (code points).
  charLength: (c) => `CHAR_LENGTH(${c})`,
  // AVG and (on MariaDB) STDDEV_SAMP of an integer or DECIMAL return a DECIMAL rounded to
  // div_precision_increment (4) digits: a stddev of 29.0070295 comes back as 29.007. Adding a
  // double literal makes the server compute in double precision (a no-op for float columns).
  stddevSamp: (c) => `STDDEV_SAMP(${c} + 0E0)`,
  average: (c, kind) => (kind === 'float' ? `AVG(${c})` : `AVG(${c} + 0E0)`),
  // A backslash escapes in MySQL strings unless NO_BACKSLASH_ESCAPES is set; escaping it is right either way only with the quote escaped too.
  stringLiteral: backslashStringLiteral,
  // No TABLESAMPLE; RAND(seed) in a WHERE clause gives a repeatable sequence, so one scan order draws the same rows.
  sampleRows: (fraction, seed) => ({ predicate: `RAND(${seed}) < ${fraction}`, repeatable: true }),
  randomValue: (seed) => ({ sql: `RAND(${seed})`, repeatable: true }),
});
