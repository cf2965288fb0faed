import { ConfigError, WarehouseError, groupBy, type Row } from '@baselinr/core';
import type { CatalogQuery } from './catalog-query.js';

/** What `tagSource` tells: where Snowflake's object tags are read from. */
export const TAG_SOURCE = 'SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES (object tags, as NAME:VALUE)';

/** Failures that mean "this role may not read the view", not "the run cannot go on". */
const UNREADABLE: ReadonlySet<string> = new Set(['object_not_found', 'permission_denied']);

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Each table's tags in the given schemas of `database`, keyed by JSON `[schema, table]`, in one
 * query. As Baselinr reads them: tags set on the table itself (DOMAIN 'TABLE', so views too; not
 * those on columns, nor those a table inherits from its schema or database), a tag written
 * `TAG_NAME:TAG_VALUE`, names as Snowflake stores them (unquoted names in upper case). Unlike
 * Baselinr, dropped tables and other databases' tables with the same names are left out.
 *
 * ACCOUNT_USAGE lags behind (Snowflake documents up to 2 hours), so a tag set just now may not
 * select its table yet. A role without access to the view stops the run with the grant it needs:
 * selecting nothing instead would look like a config that matches no table.
 */
export async function readTags(query: CatalogQuery, database: string, schemas: readonly string[]): Promise<Map<string, string[]>> {
  if (schemas.length === 0) return new Map();
  let rows: Row[];
  try {
    rows = await query(
      `SELECT OBJECT_SCHEMA, OBJECT_NAME, TAG_NAME, TAG_VALUE FROM SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES ` +
        `WHERE DOMAIN = 'TABLE' AND OBJECT_DELETED IS NULL AND TAG_VALUE IS NOT NULL AND OBJECT_DATABASE = ? AND OBJECT_SCHEMA IN (${marks(schemas.length)}) ` +
        `ORDER BY OBJECT_SCHEMA, OBJECT_NAME, TAG_NAME, TAG_VALUE`,
      [database, ...schemas],
    );
  } catch (err) {
    if (err instanceof WarehouseError && UNREADABLE.has(err.kind)) throw unreadable(err);
    throw err;
  }
  const byTable = groupBy(rows, (r) => tableTagKey(String(r.OBJECT_SCHEMA), String(r.OBJECT_NAME)));
  return new Map([...byTable].map(([key, tagged]) => [key, tagged.map((r) => `${String(r.TAG_NAME)}:${String(r.TAG_VALUE)}`)]));
}

/** The key `readTags` files a table's tags under (JSON pairs: names may contain dots). */
export function tableTagKey(schema: string, table: string): string {
  return JSON.stringify([schema, table]);
}

function unreadable(err: WarehouseError): ConfigError {
  return new ConfigError(
    `profiling.tables: tags and tags_any select Snowflake tables by the tags in SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES, which the run's role cannot read (${err.message}); ` +
      'grant it with GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO ROLE <role> (or GRANT DATABASE ROLE SNOWFLAKE.GOVERNANCE_VIEWER TO ROLE <role>), ' +
      'or select by pattern or table instead',
  );
}
