import { backslashStringLiteral, createDialect, hashSample, rowText } from '@baselinr/core';

const exactText = (e: string) => `CAST(${e} AS CHAR)`;

/**
 * MySQL and MariaDB spell identifiers with backticks (doubled inside a name) and cast to CHAR,
 * not VARCHAR. Neither has an approximate distinct count, so core uses the exact one.
 */
export const mysqlDialect = createDialect({
  identifierQuote: '`',
  exactText,
  // LENGTH counts bytes in MySQL; CHAR_LENGTH counts characters (code points).
  charLength: (c) => `CHAR_LENGTH(${c})`,
  // AVG and (on MariaDB) STDDEV_SAMP of an integer or DECIMAL return a DECIMAL rounded to
  // div_precision_increment (4) digits: a stddev of 29.0070295 comes back as 29.007. Adding a
  // double literal makes the server compute in double precision (a no-op for float columns).
  stddevSamp: (c) => `STDDEV_SAMP(${c} + 0E0)`,
  average: (c, kind) => (kind === 'float' ? `AVG(${c})` : `AVG(${c} + 0E0)`),
  // A backslash escapes in MySQL strings unless NO_BACKSLASH_ESCAPES is set; escaping it is right either way only with the quote escaped too.
  stringLiteral: backslashStringLiteral,
  // No TABLESAMPLE. RAND(seed) repeats only in one scan order, which an index or a rebuilt table
  // changes: a predicate on the row hash depends on the values alone.
  sampleRows: (fraction, _seed, rowHash) => hashSample(rowHash, fraction),
  // `||` is OR in MySQL: CONCAT_WS joins the row's values.
  rowHash: (columns, quote) => `MD5(CONCAT_WS('|', ${rowText(columns, quote, exactText).join(', ')}))`,
});
