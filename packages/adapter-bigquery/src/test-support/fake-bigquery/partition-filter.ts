import { tokenize, type Token } from './sql-lexer.js';

/** Words that end the clauses of one SELECT at its own depth. */
const SCOPE_END = new Set(['UNION', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'QUALIFY', 'WINDOW']);
const COMPARISONS = new Set(['=', '<', '>', '<=', '>=']);

/**
 * BigQuery's require_partition_filter, as its documentation states it: every read of the table
 * needs, in the WHERE clause of the SELECT that reads it, a filter on the partition column that can
 * eliminate partitions, which means a comparison with constants (`col >= '2024-01-01'`,
 * `col IN (...)`). A comparison with a subquery does not count, and the subquery's own read of the
 * table needs a filter too. True when every read of `dataset.table` has one.
 */
export function filtersPartition(sql: string, dataset: string, table: string, column: string): boolean {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'space');
  const reads = tokens.flatMap((_, i) => (isTableRead(tokens, i, dataset, table) ? [i] : []));
  return reads.every((at) => whereOf(tokens, at).some((_, i, where) => isConstantFilter(where, i, column)));
}

/** The last part of a path naming the table, after FROM or JOIN. */
function isTableRead(tokens: readonly Token[], at: number, dataset: string, table: string): boolean {
  const tok = tokens[at]!;
  if (tok.kind !== 'quoted' && tok.kind !== 'word') return false;
  const following = tokens[at + 1];
  if (following?.kind === 'symbol' && following.text === '.') return false;
  let start = at;
  while (tokens[start - 1]?.text === '.' && tokens[start - 2] !== undefined) start -= 2;
  const path = tokens
    .slice(start, at + 1)
    .filter((t) => t.kind !== 'symbol')
    .flatMap((t) => t.text.split('.'));
  const before = tokens[start - 1];
  const afterFrom = before?.kind === 'word' && ['FROM', 'JOIN'].includes(before.text.toUpperCase());
  return afterFrom && path.at(-1) === table && path.at(-2) === dataset;
}

/** The tokens of the WHERE clause of the SELECT whose FROM holds the token at `at` (nested brackets included). */
function whereOf(tokens: readonly Token[], at: number): Token[] {
  let depth = 0;
  let where: Token[] | undefined;
  for (let i = at + 1; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.text === '(') depth++;
    if (tok.text === ')' && --depth < 0) break;
    if (depth === 0 && tok.kind === 'word' && SCOPE_END.has(tok.text.toUpperCase())) break;
    if (depth === 0 && tok.kind === 'word' && tok.text.toUpperCase() === 'WHERE') where = [];
    else where?.push(tok);
  }
  return where ?? [];
}

/** `column <op> constant`, `constant <op> column` or `column IN (constants)` at position `i`. */
function isConstantFilter(where: readonly Token[], i: number, column: string): boolean {
  const tok = where[i]!;
  if ((tok.kind !== 'quoted' && tok.kind !== 'word') || tok.text !== column) return false;
  const constant = (t: Token | undefined) => t?.kind === 'string' || t?.kind === 'number';
  const next = where[i + 1];
  if (next?.kind === 'symbol' && COMPARISONS.has(next.text)) return constant(where[i + 2]);
  const previous = where[i - 1];
  if (previous?.kind === 'symbol' && COMPARISONS.has(previous.text)) return constant(where[i - 2]);
  return next?.kind === 'word' && next.text.toUpperCase() === 'IN' && where[i + 2]?.text === '(' && constant(where[i + 3]);
}
