/**
 * How the fake presents PostgreSQL types as BigQuery types: in its INFORMATION_SCHEMA (standard
 * names) and in result schemas (the REST API's legacy names), with values encoded as the REST
 * API encodes them (every scalar as text, TIMESTAMP as int64 microseconds).
 */
interface BigQueryType {
  /** INFORMATION_SCHEMA.COLUMNS.data_type. */
  readonly standard: string;
  /** schema.fields[].type in query responses. */
  readonly legacy: string;
}

const t = (standard: string, legacy = standard): BigQueryType => ({ standard, legacy });

/** PostgreSQL built-in type OIDs (fixed across releases). */
const BY_OID: ReadonlyMap<number, BigQueryType> = new Map([
  [20, t('INT64', 'INTEGER')],
  [21, t('INT64', 'INTEGER')],
  [23, t('INT64', 'INTEGER')],
  [1700, t('NUMERIC')],
  [700, t('FLOAT64', 'FLOAT')],
  [701, t('FLOAT64', 'FLOAT')],
  [16, t('BOOL', 'BOOLEAN')],
  [25, t('STRING')],
  [1043, t('STRING')],
  [1042, t('STRING')],
  [19, t('STRING')],
  [1082, t('DATE')],
  [1083, t('TIME')],
  [1114, t('DATETIME')],
  [1184, t('TIMESTAMP')],
  [1186, t('INTERVAL')],
  [17, t('BYTES')],
  [114, t('JSON')],
  [3802, t('JSON')],
]);

const FALLBACK = t('STRING');

const NUMERIC_OID = 1700;
const VARCHAR_OID = 1043;

export function typeOfOid(oid: number): BigQueryType {
  return BY_OID.get(oid) ?? FALLBACK;
}

/** A CASE over a type OID column, giving the standard name; `fallback` for anything unmapped. */
function standardNameSql(oidColumn: string): string {
  const whens = [...BY_OID].map(([oid, type]) => `WHEN ${oid} THEN '${type.standard}'`).join(' ');
  return `CASE ${oidColumn} ${whens} ELSE '${FALLBACK.standard}' END`;
}

/**
 * INFORMATION_SCHEMA.COLUMNS.data_type for a pg_attribute `a` joined to its pg_type `t`:
 * parameterised NUMERIC(P, S) and STRING(L), and ARRAY<element>.
 */
export function dataTypeSql(): string {
  return `CASE
    WHEN t.typcategory = 'A' THEN 'ARRAY<' || ${standardNameSql('t.typelem')} || '>'
    WHEN a.atttypid = ${NUMERIC_OID} AND a.atttypmod > 0
      THEN 'NUMERIC(' || ((a.atttypmod - 4) >> 16) || ', ' || ((a.atttypmod - 4) & 65535) || ')'
    WHEN a.atttypid = ${VARCHAR_OID} AND a.atttypmod > 0 THEN 'STRING(' || (a.atttypmod - 4) || ')'
    ELSE ${standardNameSql('a.atttypid')}
  END`;
}

/** A PostgreSQL text value (TimeZone UTC, DateStyle ISO) as the REST API would send it. */
export function restValue(standard: string, text: string): string {
  switch (standard) {
    case 'BOOL':
      return text === 't' ? 'true' : 'false';
    case 'NUMERIC':
      return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
    case 'TIMESTAMP':
      return timestampMicros(text);
    case 'DATETIME':
      return text.replace(' ', 'T');
    case 'BYTES':
      return Buffer.from(text.replace(/^\\x/, ''), 'hex').toString('base64');
    default:
      return text;
  }
}

/** `2024-02-29 12:34:56.123456+00` -> microseconds since the epoch, computed exactly. */
function timestampMicros(text: string): string {
  const m = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?\+00$/.exec(text);
  if (!m) throw new Error(`unexpected timestamptz text ${text}; the fake's sessions run with TimeZone UTC`);
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  return (BigInt(seconds) * 1_000_000n + BigInt(frac.padEnd(6, '0'))).toString();
}
