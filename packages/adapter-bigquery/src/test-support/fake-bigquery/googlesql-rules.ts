import type { Token } from './sql-lexer.js';

/**
 * What BigQuery refuses that PostgreSQL, running the fake's SQL, would accept. The fake checks
 * these before translating, with BigQuery's own messages, so a statement that only PostgreSQL
 * forgives fails in tests as it would in production. From the GoogleSQL reference: lexical
 * structure (integer literals are INT64), conversion rules (type names), function lists.
 */

/** INT64's largest value; `-9223372036854775808` is the one literal allowed past it (negated). */
const INT64_MAX = 2n ** 63n - 1n;

/** GoogleSQL's type names (CAST targets); VARCHAR, TEXT, INTEGER, DOUBLE... are other dialects'. */
const TYPES = new Set([
  'INT64',
  'FLOAT64',
  'NUMERIC',
  'BIGNUMERIC',
  'DECIMAL',
  'BIGDECIMAL',
  'BOOL',
  'STRING',
  'BYTES',
  'DATE',
  'DATETIME',
  'TIME',
  'TIMESTAMP',
  'JSON',
  'GEOGRAPHY',
  'INTERVAL',
  'ARRAY',
  'STRUCT',
  'RANGE',
]);

/**
 * Functions the adapter may call, from GoogleSQL's lists of aggregate, statistical aggregate,
 * approximate aggregate, conversion, conditional, string, mathematical and array functions.
 * Other warehouses' names (APPROX_DISTINCT, HLL, NDV, STDDEV_SAMP's aliases...) are not here.
 */
const FUNCTIONS = new Set([
  // aggregate
  'ANY_VALUE',
  'ARRAY_AGG',
  'AVG',
  'COUNT',
  'COUNTIF',
  'LOGICAL_AND',
  'LOGICAL_OR',
  'MAX',
  'MIN',
  'STRING_AGG',
  'SUM',
  // statistical aggregate
  'CORR',
  'COVAR_POP',
  'COVAR_SAMP',
  'STDDEV',
  'STDDEV_POP',
  'STDDEV_SAMP',
  'VAR_POP',
  'VAR_SAMP',
  'VARIANCE',
  // approximate aggregate
  'APPROX_COUNT_DISTINCT',
  'APPROX_QUANTILES',
  'APPROX_TOP_COUNT',
  'APPROX_TOP_SUM',
  // conversion and conditional
  'CAST',
  'SAFE_CAST',
  'COALESCE',
  'IF',
  'IFNULL',
  'NULLIF',
  // string
  'BYTE_LENGTH',
  'CHAR_LENGTH',
  'CHARACTER_LENGTH',
  'CONCAT',
  'LENGTH',
  'LOWER',
  'SUBSTR',
  'TRIM',
  'UPPER',
  // mathematical
  'ABS',
  'CEIL',
  'DIV',
  'FLOOR',
  'IEEE_DIVIDE',
  'MOD',
  'ROUND',
  'SAFE_DIVIDE',
  'SIGN',
  'SQRT',
  'TRUNC',
  // array
  'ARRAY_LENGTH',
  'UNNEST',
]);

/** Keywords that may stand before an opening parenthesis without being a function call. */
const KEYWORDS_BEFORE_PAREN = new Set([
  'SELECT',
  'FROM',
  'JOIN',
  'IN',
  'AND',
  'OR',
  'NOT',
  'ON',
  'WHERE',
  'WHEN',
  'THEN',
  'ELSE',
  'AS',
  'EXISTS',
  'OVER',
  'BY',
  'UNION',
  'ALL',
  'DISTINCT',
]);

const isSymbol = (tok: Token | undefined, text: string) => tok?.kind === 'symbol' && tok.text === text;
const upper = (tok: Token | undefined) => (tok?.kind === 'word' ? tok.text.toUpperCase() : undefined);

/** The first GoogleSQL rule the statement breaks, as BigQuery words it, or undefined. */
export function googleSqlViolation(tokens: readonly Token[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const word = upper(tok);
    if (tok.kind === 'number' && /^\d+$/.test(tok.text)) {
      const value = BigInt(tok.text);
      const negated = isSymbol(tokens[i - 1], '-');
      if (value > INT64_MAX + (negated ? 1n : 0n)) return `Syntax error: Invalid integer literal: ${negated ? '-' : ''}${tok.text}`;
    } else if (word === 'APPROXIMATE') {
      return `Syntax error: Unexpected identifier "${tok.text}"`;
    } else if (word === 'CAST' || word === 'SAFE_CAST') {
      const target = castTarget(tokens, i);
      if (target && !TYPES.has(target.toUpperCase())) return `Type not found: ${target}`;
    }
    // `AS name (` is no call, nor is the sampling method of `TABLESAMPLE SYSTEM (10 PERCENT)`.
    const notACall = upper(tokens[i - 1]) === 'AS' || (word === 'SYSTEM' && upper(tokens[i - 1]) === 'TABLESAMPLE');
    if (word && isSymbol(tokens[i + 1], '(') && !FUNCTIONS.has(word) && !KEYWORDS_BEFORE_PAREN.has(word) && !notACall) {
      return `Function not found: ${tok.text}`;
    }
  }
  return undefined;
}

/** The type name after the last top-level AS inside CAST( ... ). */
function castTarget(tokens: readonly Token[], start: number): string | undefined {
  let depth = 0;
  let target: string | undefined;
  for (let i = start + 1; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (isSymbol(tok, '(')) depth++;
    else if (isSymbol(tok, ')') && --depth === 0) return target;
    else if (depth === 1 && upper(tok) === 'AS') target = tokens[i + 1]?.text;
  }
  return target;
}
