/**
 * PostgreSQL results in Snowflake's JSON result format: a `rowtype` entry per column and every
 * value as a string in Snowflake's wire encoding (NUMBER as decimal text, DATE as days since the
 * epoch, TIMESTAMP_NTZ as epoch seconds with nine fraction digits, TIMESTAMP_TZ with the offset
 * index, BOOLEAN as 1/0, BINARY as hex).
 */

export interface RowType {
  readonly name: string;
  readonly type: string;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly length: number | null;
  readonly byteLength: number | null;
  readonly nullable: boolean;
  readonly database: string;
  readonly schema: string;
  readonly table: string;
  readonly collation: null;
}

export interface PgField {
  readonly name: string;
  readonly dataTypeID: number;
  readonly dataTypeModifier: number;
}

type Cell = string | null;

const INTEGER_OIDS = new Set([20, 21, 23, 26]);
const NUMERIC_OID = 1700;
const FLOAT_OIDS = new Set([700, 701]);
const BOOL_OID = 16;
const DATE_OID = 1082;
const TIME_OID = 1083;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;
const JSON_OIDS = new Set([114, 3802]);
const BYTEA_OID = 17;

const NANOS = 1_000_000_000n;

/** Epoch nanoseconds as Snowflake's `seconds.fffffffff` text (sign applies to the whole value). */
function epochText(nanos: bigint): string {
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  return `${negative ? '-' : ''}${abs / NANOS}.${String(abs % NANOS).padStart(9, '0')}`;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]` as PostgreSQL prints it (ISO DateStyle, UTC session). */
function parseTimestamp(text: string): { nanos: bigint; offsetMinutes: number } {
  const m = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::?(\d\d))?)?$/.exec(text);
  if (!m) throw new Error(`unsupported timestamp text ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, fraction = '', sign, oh = '0', om = '0'] = m;
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const utcMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMinutes * 60_000;
  const fractionNanos = BigInt(fraction.padEnd(9, '0').slice(0, 9));
  return { nanos: BigInt(utcMs) * 1_000_000n + fractionNanos, offsetMinutes };
}

function parseTime(text: string): bigint {
  const [hms = '', fraction = ''] = text.split('.');
  const [h, m, s] = hms.split(':').map(Number);
  return BigInt((h! * 60 + m!) * 60 + s!) * NANOS + BigInt(fraction.padEnd(9, '0').slice(0, 9));
}

function daysSinceEpoch(text: string): string {
  const [y, m, d] = text.split('-').map(Number);
  return String(Date.UTC(y!, m! - 1, d!) / 86_400_000);
}

function withOffsetIndex(text: string): string {
  const { nanos, offsetMinutes } = parseTimestamp(text);
  return `${epochText(nanos)} ${offsetMinutes + 1440}`;
}

interface Column {
  readonly type: Omit<RowType, 'name' | 'database' | 'schema' | 'table' | 'collation' | 'nullable'>;
  readonly encode: (value: string) => string;
}

const same = (value: string) => value;
const plain = (type: string, extra: Partial<Column['type']> = {}) => ({ type, precision: null, scale: null, length: null, byteLength: null, ...extra });

function numericScale(field: PgField, values: readonly Cell[]): number {
  if (field.dataTypeModifier > 0) return (field.dataTypeModifier - 4) & 0xffff;
  return Math.max(0, ...values.map((v) => (v?.includes('.') ? v.length - v.indexOf('.') - 1 : 0)));
}

function column(field: PgField, values: readonly Cell[]): Column {
  const oid = field.dataTypeID;
  if (INTEGER_OIDS.has(oid)) return { type: plain('fixed', { precision: 38, scale: 0 }), encode: same };
  if (oid === NUMERIC_OID) return { type: plain('fixed', { precision: 38, scale: numericScale(field, values) }), encode: same };
  if (FLOAT_OIDS.has(oid)) return { type: plain('real'), encode: same };
  if (oid === BOOL_OID) return { type: plain('boolean'), encode: (v) => (v === 't' ? '1' : '0') };
  if (oid === DATE_OID) return { type: plain('date'), encode: daysSinceEpoch };
  if (oid === TIME_OID) return { type: plain('time', { scale: 9 }), encode: (v) => epochText(parseTime(v)) };
  if (oid === TIMESTAMP_OID) return { type: plain('timestamp_ntz', { scale: 9 }), encode: (v) => epochText(parseTimestamp(v).nanos) };
  if (oid === TIMESTAMPTZ_OID) {
    // Result version 1: `<epoch seconds> <offset index>`, the index being the offset in minutes + 1440.
    return { type: plain('timestamp_tz', { scale: 9 }), encode: withOffsetIndex };
  }
  if (JSON_OIDS.has(oid)) return { type: plain('variant'), encode: same };
  if (oid === BYTEA_OID) return { type: plain('binary'), encode: (v) => v.slice(2).toUpperCase() };
  return { type: plain('text', { length: 16_777_216, byteLength: 16_777_216 }), encode: same };
}

export interface EncodedResult {
  readonly rowtype: RowType[];
  readonly rows: Cell[][];
}

/** Encodes PostgreSQL rows (array mode, every value as PostgreSQL's text) with Snowflake's types. */
export function encodeResult(fields: readonly PgField[], rows: readonly Cell[][], names: readonly string[], where: { database: string; schema: string }): EncodedResult {
  const columns = fields.map((field, i) =>
    column(
      field,
      rows.map((r) => r[i] ?? null),
    ),
  );
  const rowtype = fields.map((_, i) => ({
    name: names[i]!,
    ...columns[i]!.type,
    nullable: true,
    database: where.database,
    schema: where.schema,
    table: '',
    collation: null,
  }));
  return { rowtype, rows: rows.map((row) => row.map((value, i) => (value === null ? null : columns[i]!.encode(value)))) };
}
