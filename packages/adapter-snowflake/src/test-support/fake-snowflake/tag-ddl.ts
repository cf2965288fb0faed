import type pg from 'pg';
import { SnowflakeSqlError, type SqlFailure } from './sql-errors.js';

/**
 * Object tags as a user sets them, kept in two tables of the fake's catalog schema that the
 * SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES view reads:
 *
 *   CREATE [OR REPLACE] TAG [IF NOT EXISTS] name [COMMENT = '...']
 *   ALTER TABLE|VIEW [IF EXISTS] name SET TAG tag = 'value' [, tag = 'value' ...]
 *   ALTER TABLE|VIEW [IF EXISTS] name UNSET TAG tag [, tag ...]
 *
 * Names resolve as Snowflake resolves them: unquoted parts upper-cased, quoted ones exact, and a
 * name without database or schema in the session's. Snowflake's refusals are kept: a tag that
 * exists already (002002), a tag or an object that does not exist (002003), a view altered as a
 * table or the other way round (002003 too: it is not found as that kind). Unlike Snowflake, the
 * view shows a tag at once; its latency is the adapter's documentation to tell.
 */

export interface TagStores {
  /** The tags created (CREATE TAG). */
  readonly tags: string;
  /** Which table carries which tag with which value (ALTER ... SET TAG). */
  readonly references: string;
}

/** Where an unqualified name lives: the session's current database and schema. */
export interface NameScope {
  readonly database: string | undefined;
  readonly schema: string | undefined;
}

/** A statement's answer: one `status` column, as Snowflake answers DDL. */
export type TagCommand = (client: pg.PoolClient) => Promise<string>;

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_][\w$]*)`;
const NAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT}){0,2}`;
const STRING = String.raw`'(?:[^']|'')*'`;
const CREATE_TAG = new RegExp(String.raw`^\s*CREATE\s+(OR\s+REPLACE\s+)?TAG\s+(IF\s+NOT\s+EXISTS\s+)?(${NAME})(?:\s+COMMENT\s*=\s*${STRING})?\s*;?\s*$`, 'i');
const ALTER_TAGS = new RegExp(String.raw`^\s*ALTER\s+(TABLE|VIEW)\s+(IF\s+EXISTS\s+)?(${NAME})\s+(SET|UNSET)\s+TAG\s+([\s\S]+?)\s*;?\s*$`, 'i');
const SET_ITEM = new RegExp(String.raw`^\s*(${NAME})\s*=\s*(${STRING})\s*$`);

/** The statement as a tag command, or undefined when it is not one. */
export function tagCommand(sql: string, stores: TagStores, scope: NameScope): TagCommand | undefined {
  const create = CREATE_TAG.exec(sql);
  if (create) return createTag(stores, qualify(create[3]!, scope), { replace: Boolean(create[1]), ifNotExists: Boolean(create[2]) });
  const alter = ALTER_TAGS.exec(sql);
  if (!alter) return undefined;
  const target = { kind: alter[1]!.toUpperCase() as 'TABLE' | 'VIEW', name: qualify(alter[3]!, scope), ifExists: Boolean(alter[2]) };
  const items = splitOutsideQuotes(alter[5]!);
  if (alter[4]!.toUpperCase() === 'UNSET') {
    const tags = items.map((item) => qualify(item.trim(), scope));
    return unsetTags(stores, target, tags);
  }
  const pairs = items.map((item) => {
    const pair = SET_ITEM.exec(item);
    if (!pair) throw new SnowflakeSqlError(syntaxError(item.trim()));
    return { tag: qualify(pair[1]!, scope), value: pair[2]!.slice(1, -1).replaceAll("''", "'") };
  });
  return setTags(stores, target, pairs);
}

interface QualifiedName {
  readonly database: string;
  readonly schema: string;
  readonly name: string;
}

interface Target {
  readonly kind: 'TABLE' | 'VIEW';
  readonly name: QualifiedName;
  readonly ifExists: boolean;
}

const text = (n: QualifiedName) => `${n.database}.${n.schema}.${n.name}`;

function createTag(stores: TagStores, tag: QualifiedName, mode: { replace: boolean; ifNotExists: boolean }): TagCommand {
  return async (client) => {
    if (mode.replace) await client.query(`DELETE FROM ${stores.tags} WHERE tag_database = $1 AND tag_schema = $2 AND tag_name = $3`, [tag.database, tag.schema, tag.name]);
    const inserted = await client.query(`INSERT INTO ${stores.tags} (tag_database, tag_schema, tag_name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING tag_id`, [
      tag.database,
      tag.schema,
      tag.name,
    ]);
    if (inserted.rowCount === 0 && !mode.ifNotExists) throw new SnowflakeSqlError(failure('002002', '42710', `Object '${tag.name}' already exists.`));
    return inserted.rowCount === 0 ? `${tag.name} already exists, statement succeeded.` : `Tag ${tag.name} successfully created.`;
  };
}

function setTags(stores: TagStores, target: Target, pairs: ReadonlyArray<{ tag: QualifiedName; value: string }>): TagCommand {
  return async (client) => {
    const object = await findObject(client, target);
    if (!object) return 'Statement executed successfully.';
    for (const { tag, value } of pairs) {
      await client.query(
        `INSERT INTO ${stores.references} (tag_id, object_database, object_schema, object_id, object_name, domain, tag_value) VALUES ($1, $2, $3, $4, $5, 'TABLE', $6)
         ON CONFLICT (tag_id, object_id) DO UPDATE SET tag_value = EXCLUDED.tag_value`,
        [await tagId(client, stores, tag), target.name.database, target.name.schema, object, target.name.name, value],
      );
    }
    return 'Statement executed successfully.';
  };
}

function unsetTags(stores: TagStores, target: Target, tags: readonly QualifiedName[]): TagCommand {
  return async (client) => {
    const object = await findObject(client, target);
    if (!object) return 'Statement executed successfully.';
    for (const tag of tags) await client.query(`DELETE FROM ${stores.references} WHERE tag_id = $1 AND object_id = $2`, [await tagId(client, stores, tag), object]);
    return 'Statement executed successfully.';
  };
}

/** The table's or view's oid; a missing one fails the statement unless IF EXISTS. */
async function findObject(client: pg.PoolClient, target: Target): Promise<string | undefined> {
  const kinds = target.kind === 'TABLE' ? ['r', 'p'] : ['v', 'm'];
  const { rows } = await client.query<{ oid: string }>(
    `SELECT c.oid::int8::text AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = ANY($3::"char"[])`,
    [target.name.schema, target.name.name, kinds],
  );
  if (rows[0]) return rows[0].oid;
  if (target.ifExists) return undefined;
  const noun = target.kind === 'TABLE' ? 'Table' : 'View';
  throw new SnowflakeSqlError(failure('002003', '02000', `${noun} '${text(target.name)}' does not exist or not authorized.`));
}

async function tagId(client: pg.PoolClient, stores: TagStores, tag: QualifiedName): Promise<string> {
  const { rows } = await client.query<{ tag_id: string }>(`SELECT tag_id::text FROM ${stores.tags} WHERE tag_database = $1 AND tag_schema = $2 AND tag_name = $3`, [
    tag.database,
    tag.schema,
    tag.name,
  ]);
  if (!rows[0]) throw new SnowflakeSqlError(failure('002003', '02000', `Tag '${text(tag)}' does not exist or not authorized.`));
  return rows[0].tag_id;
}

/** `a.b.c` with unqualified parts from the session; unquoted parts upper-cased, as Snowflake stores them. */
function qualify(written: string, scope: NameScope): QualifiedName {
  const parts = splitOutsideQuotes(written, '.').map((p) => {
    const part = p.trim();
    return part.startsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part.toUpperCase();
  });
  const name = parts.pop()!;
  const schema = parts.pop() ?? scope.schema;
  const database = parts.pop() ?? scope.database;
  if (schema === undefined || database === undefined) {
    throw new SnowflakeSqlError(
      failure('090106', '22000', "Cannot perform this statement. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name."),
    );
  }
  return { database, schema, name };
}

/** Splits at `separator` where it is outside string literals and quoted identifiers. */
function splitOutsideQuotes(textToSplit: string, separator = ','): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const c of textToSplit) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === separator) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

const failure = (code: string, sqlState: string, message: string): SqlFailure => ({ code, sqlState, message: `SQL compilation error:\n${message}` });
const syntaxError = (near: string): SqlFailure => failure('001003', '42000', `syntax error line 1 at position 0 unexpected '${near}'.`);

/** The stores, and Snowflake's ACCOUNT_USAGE.TAG_REFERENCES over them (upper-case names as Snowflake's; NUMBER columns as int8). */
export function tagStoreDdl(schema: string): { stores: TagStores; ddl: string[] } {
  const q = `"${schema}"`;
  const stores = { tags: `${q}.tag_store`, references: `${q}.tag_reference_store` };
  return {
    stores,
    ddl: [
      `CREATE TABLE ${stores.tags} (tag_id bigserial PRIMARY KEY, tag_database text NOT NULL, tag_schema text NOT NULL, tag_name text NOT NULL, UNIQUE (tag_database, tag_schema, tag_name))`,
      `CREATE TABLE ${stores.references} (tag_id int8 NOT NULL REFERENCES ${stores.tags} ON DELETE CASCADE, object_database text NOT NULL,
         object_schema text NOT NULL, object_id int8 NOT NULL, object_name text NOT NULL, domain text NOT NULL, tag_value text, PRIMARY KEY (tag_id, object_id))`,
      // An object PostgreSQL no longer has was dropped: OBJECT_DELETED is set and the names it had are kept.
      `CREATE VIEW ${q}.tag_references AS
       SELECT t.tag_database, t.tag_schema, t.tag_id, t.tag_name, r.tag_value, r.object_database,
              coalesce(n.nspname::text, r.object_schema) AS object_schema, r.object_id, coalesce(c.relname::text, r.object_name) AS object_name,
              CASE WHEN c.oid IS NULL THEN current_timestamp END AS object_deleted, r.domain,
              NULL::int8 AS column_id, NULL::text AS column_name, 'MANUAL'::text AS apply_method
       FROM ${stores.references} r
       JOIN ${stores.tags} t ON t.tag_id = r.tag_id
       LEFT JOIN pg_class c ON c.oid = r.object_id::oid
       LEFT JOIN pg_namespace n ON n.oid = c.relnamespace`,
    ],
  };
}
