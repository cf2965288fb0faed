/**
 * PostgreSQL tables have no BigQuery options, so the fake keeps them in the table's comment, one
 * per line, where they live and die with the table as BigQuery's do: REQUIRE_FILTER_COMMENT (see
 * translate.ts) and the labels, as `bigquery:labels={"key":"value",...}`.
 */
const LABELS_PREFIX = 'bigquery:labels=';

/** SQL: whether the comment of the pg_class row `c` has `line` (a literal already quoted for PostgreSQL). */
export function commentHasLineSql(quotedLine: string): string {
  return `${quotedLine} = ANY(string_to_array(obj_description(c.oid, 'pg_class'), E'\\n'))`;
}

/** SQL: the labels of the pg_class row `c` as a json object, or NULL when it has none. */
export const LABELS_JSON_SQL = `substring(obj_description(c.oid, 'pg_class') from '(?:^|\\n)${LABELS_PREFIX}([^\\n]*)')::json`;

export function labelsOf(comment: string | null): Record<string, string> {
  const line = lines(comment).find((l) => l.startsWith(LABELS_PREFIX));
  return line ? (JSON.parse(line.slice(LABELS_PREFIX.length)) as Record<string, string>) : {};
}

/** The comment with its labels line replaced (left out when there are none); null when nothing is left. */
export function withLabels(comment: string | null, labels: Readonly<Record<string, string>>): string | null {
  const kept = lines(comment).filter((l) => !l.startsWith(LABELS_PREFIX));
  if (Object.keys(labels).length > 0) kept.push(`${LABELS_PREFIX}${JSON.stringify(labels)}`);
  return kept.length > 0 ? kept.join('\n') : null;
}

function lines(comment: string | null): string[] {
  return comment ? comment.split('\n') : [];
}
