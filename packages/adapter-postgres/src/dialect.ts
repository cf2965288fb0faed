import { createDialect } from '@baselinr/core';

/**
 * PostgreSQL spells a few things differently from ANSI. It has no built-in approximate distinct
 * count (HyperLogLog needs an extension), so approxCountDistinct stays undefined and core uses
 * the exact COUNT(DISTINCT).
 */
export const postgresDialect = createDialect({
  identifierQuote: '"',
  // `::text` keeps int8 and numeric exact and prints timestamps in the session's ISO style.
  exactText: (e) => `(${e})::text`,
  // CHAR_LENGTH counts characters, but takes text only: enums (and "char", name) need the cast;
  // for text and varchar it is free, and bpchar's cast drops trailing blanks as CHAR_LENGTH would.
  charLength: (c) => `CHAR_LENGTH((${c})::text)`,
});
