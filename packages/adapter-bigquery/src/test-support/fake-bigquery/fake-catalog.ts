import type pg from 'pg';
import { BigQueryHttpError } from './bigquery-errors.js';
import { checkLabel, MAX_LABELS } from './label-rules.js';
import { labelsOf, withLabels } from './table-comment.js';
import { pgIdentifier, pgLiteral } from './translate.js';

/** A dataset as datasets.list answers it. */
export interface DatasetEntry {
  readonly name: string;
  readonly location: string;
}

/** What tables.patch may change in the fake: the labels; a null value removes that label. */
export type LabelsPatch = Readonly<Record<string, string | null>>;

/** pg_class.relkind -> BigQuery's table type and the COMMENT ON object it takes. */
const KINDS: Readonly<Record<string, { type: string; object: string }>> = {
  r: { type: 'TABLE', object: 'TABLE' },
  p: { type: 'TABLE', object: 'TABLE' },
  v: { type: 'VIEW', object: 'VIEW' },
  m: { type: 'MATERIALIZED_VIEW', object: 'MATERIALIZED VIEW' },
};

/**
 * The fake's datasets (PostgreSQL schemas, system ones left out) and tables' metadata, read from
 * and written to PostgreSQL's catalog so jobs see every change.
 */
export class FakeCatalog {
  constructor(
    private readonly pool: pg.Pool,
    private readonly location: string,
    /** Datasets that live elsewhere than `location`, by name. */
    private readonly datasetLocations: Readonly<Record<string, string>>,
  ) {}

  /** Where a dataset lives, or undefined when there is no such dataset (PostgreSQL schema). */
  async datasetLocation(dataset: string): Promise<string | undefined> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [dataset]);
    return rowCount === 0 ? undefined : this.locationOf(dataset);
  }

  /** datasets.list: every dataset by name; hidden ones (named `_...`) only when `all` asks for them. */
  async datasets(all: boolean): Promise<DatasetEntry[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT nspname::text AS name FROM pg_catalog.pg_namespace
       WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' AND ($1 OR nspname NOT LIKE '\\_%')
       ORDER BY nspname`,
      [all],
    );
    return rows.map(({ name }) => ({ name, location: this.locationOf(name) }));
  }

  /** tables.patch of labels: merges them into the table's, as BigQuery does, and answers the table resource. */
  async patchLabels(project: string, dataset: string, table: string, patch: LabelsPatch): Promise<object> {
    const { rows } = await this.pool.query<{ relkind: string; comment: string | null }>(
      `SELECT c.relkind::text AS relkind, obj_description(c.oid, 'pg_class') AS comment
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm')`,
      [dataset, table],
    );
    const found = rows[0];
    if (!found) {
      const what = (await this.datasetLocation(dataset)) ? `Table ${project}:${dataset}.${table}` : `Dataset ${project}:${dataset}`;
      throw new BigQueryHttpError(404, 'notFound', `Not found: ${what}`);
    }
    const labels = labelsOf(found.comment);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) {
        delete labels[key];
      } else {
        checkLabel(key, value);
        labels[key] = value;
      }
    }
    if (Object.keys(labels).length > MAX_LABELS) throw new BigQueryHttpError(400, 'invalid', `Too many labels: a table may have at most ${MAX_LABELS} labels`);
    const kind = KINDS[found.relkind]!;
    const comment = withLabels(found.comment, labels);
    await this.pool.query(`COMMENT ON ${kind.object} ${pgIdentifier(dataset)}.${pgIdentifier(table)} IS ${comment === null ? 'NULL' : pgLiteral(comment)}`);
    return {
      kind: 'bigquery#table',
      id: `${project}:${dataset}.${table}`,
      tableReference: { projectId: project, datasetId: dataset, tableId: table },
      type: kind.type,
      location: this.locationOf(dataset),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
    };
  }

  private locationOf(dataset: string): string {
    return this.datasetLocations[dataset] ?? this.location;
  }
}
