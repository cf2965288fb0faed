import { HASH_MODULUS, type ColumnSpec, type TableSpec } from './column-mix.js';
import type { GeneratorDialect } from './sql-dialect.js';

/** Long enough for the longest note (40 + 199 characters). */
const LOREM =
  "'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " +
  'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. ' +
  "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.'";

/** The SQL expression of one column for row `n`, from the column's hash of n. */
function valueExpression(column: ColumnSpec, d: GeneratorDialect): string {
  const h = `((n * ${column.multiplier} + ${column.offset}) % ${HASH_MODULUS})`;
  switch (column.kind) {
    case 'id':
      return 'n';
    case 'integer':
      return `(${h} % 1000)`;
    case 'decimal':
      return d.centsToDecimal(h);
    case 'double_with_nulls':
      // Two roughly independent uniforms: a triangular distribution, so histograms have a shape; 1 in 10 null.
      return `CASE WHEN ${h} % 10 = 0 THEN NULL ELSE ${d.toDouble(`${h} % 1000 + (${h} * 7) % 997`)} / 3 END`;
    case 'short_text':
      return d.concat(["'C'", h]);
    case 'long_text':
      return d.concat([d.prefix(LOREM, `40 + ${h} % 200`), "' #'", `${h} % 5000`]);
    case 'low_cardinality':
      return `CASE ${h} % 8 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'paused' WHEN 2 THEN 'new' ELSE 'active' END`;
    case 'high_cardinality':
      return d.concat(["'user'", h, "'@example.com'"]);
    case 'timestamp':
      return d.secondsAfter2024(`${h} % 31536000`);
  }
}

/** CREATE TABLE and the one INSERT ... SELECT that fills it on the server. */
export function tableStatements(schema: string, table: TableSpec, d: GeneratorDialect): string[] {
  const name = `${d.quote(schema)}.${d.quote(table.name)}`;
  const columns = table.columns.map((c) => `${d.quote(c.name)} ${d.columnType[c.kind]}`).join(', ');
  return [
    `CREATE TABLE ${name} (${columns})${d.tableOptions}`,
    d.insertRows(
      name,
      table.columns.map((c) => c.name),
      table.columns.map((c) => valueExpression(c, d)),
      table.rows,
    ),
  ];
}
