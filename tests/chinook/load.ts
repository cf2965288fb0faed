import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The logical type of a Chinook column; each engine gets its equivalent. */
export type ChinookType = 'integer' | 'text' | 'timestamp' | 'decimal';

export interface ChinookTable {
  readonly name: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: ChinookType }>;
  /** Integers and decimals as numbers, text and timestamps as strings, null for NULL. */
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
}

export type Engine = 'sqlite' | 'postgres' | 'mysql';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'chinook');

/** The subset's tables and the logical type of each column (the CSV headers give the order). */
const TYPES: Readonly<Record<string, Readonly<Record<string, ChinookType>>>> = {
  Artist: { ArtistId: 'integer', Name: 'text' },
  Album: { AlbumId: 'integer', Title: 'text', ArtistId: 'integer' },
  Genre: { GenreId: 'integer', Name: 'text' },
  MediaType: { MediaTypeId: 'integer', Name: 'text' },
  Employee: { EmployeeId: 'integer', ReportsTo: 'integer', BirthDate: 'timestamp', HireDate: 'timestamp' },
  Customer: { CustomerId: 'integer', SupportRepId: 'integer' },
  Invoice: { InvoiceId: 'integer', CustomerId: 'integer', InvoiceDate: 'timestamp', Total: 'decimal' },
};

const SQL_TYPES: Readonly<Record<Engine, Readonly<Record<ChinookType, string>>>> = {
  sqlite: { integer: 'INTEGER', text: 'TEXT', timestamp: 'TIMESTAMP', decimal: 'DECIMAL(10,2)' },
  postgres: { integer: 'integer', text: 'varchar(160)', timestamp: 'timestamp', decimal: 'numeric(10,2)' },
  mysql: { integer: 'INT', text: 'VARCHAR(160)', timestamp: 'DATETIME', decimal: 'DECIMAL(10,2)' },
};

/** Reads the seven tables of the committed CSV fixture. Columns not listed in TYPES are text. */
export function chinookTables(): ChinookTable[] {
  return Object.entries(TYPES).map(([name, types]) => {
    const [header, ...records] = parseCsv(readFileSync(join(FIXTURE, `${name}.csv`), 'utf8'));
    const columns = header!.map((column) => ({ name: String(column), type: types[String(column)] ?? ('text' as const) }));
    const rows = records.map((record) => record.map((cell, i) => (cell === null || columns[i]!.type === 'text' || columns[i]!.type === 'timestamp' ? cell : Number(cell))));
    return { name, columns, rows };
  });
}

/** CREATE TABLE for one engine, identifiers quoted with `quote`. */
export function createTableSql(table: ChinookTable, engine: Engine, qualified: string, quote: (name: string) => string): string {
  return `CREATE TABLE ${qualified} (${table.columns.map((c) => `${quote(c.name)} ${SQL_TYPES[engine][c.type]}`).join(', ')})`;
}

/**
 * RFC 4180 records: quoted cells may hold commas, quotes ("") and newlines. An unquoted empty
 * cell is NULL; a quoted one is the empty string.
 */
export function parseCsv(text: string): Array<Array<string | null>> {
  const records: Array<Array<string | null>> = [];
  let record: Array<string | null> = [];
  let i = 0;
  while (i < text.length) {
    let cell: string | null;
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) {
        value += text[i];
        i += text[i] === '"' ? 2 : 1;
      }
      cell = value;
      i++; // the closing quote
    } else {
      const end = text.slice(i).search(/[,\n]/);
      const stop = end === -1 ? text.length : i + end;
      cell = stop === i ? null : text.slice(i, stop);
      i = stop;
    }
    record.push(cell);
    if (text[i] === ',') i++;
    else {
      records.push(record);
      record = [];
      i++; // the newline
    }
  }
  return records;
}
