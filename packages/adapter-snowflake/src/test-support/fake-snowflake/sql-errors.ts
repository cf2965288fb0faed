/** A failed statement as Snowflake reports it: code, SQLSTATE and message. */
export interface SqlFailure {
  readonly code: string;
  readonly sqlState: string;
  readonly message: string;
}

interface PgError {
  readonly code?: string;
  readonly message?: string;
}

/**
 * PostgreSQL's error for a statement, as Snowflake would word and number it: missing objects are
 * 002003, invalid identifiers 000904, syntax errors 001003 (all SQL compilation errors), two
 * statements in one request 000008, data errors 100038; anything else an execution error.
 */
export function snowflakeFailure(err: unknown): SqlFailure {
  if (err instanceof SnowflakeSqlError) return err.failure;
  const { code = '', message = String(err) } = (err ?? {}) as PgError;
  if (code === '42P01' || code === '3F000') {
    return { code: '002003', sqlState: '42S02', message: `SQL compilation error:\nObject does not exist or not authorized. (${message})` };
  }
  if (code === '42703') return { code: '000904', sqlState: '42000', message: `SQL compilation error: ${message.replace(/^column/, 'invalid identifier')}` };
  if (code === '42601' && /multiple commands/.test(message)) {
    return { code: '000008', sqlState: '0A000', message: 'Actual statement count 2 did not match the desired statement count 1.' };
  }
  if (code.startsWith('42')) return { code: '001003', sqlState: '42000', message: `SQL compilation error:\n${message}` };
  if (code.startsWith('22')) return { code: '100038', sqlState: '22018', message };
  return { code: '000603', sqlState: 'XX000', message: `SQL execution internal error: ${message}` };
}

export const canceledFailure = (): SqlFailure => ({ code: '000604', sqlState: '57014', message: 'SQL execution canceled' });

/** Snowflake uses one message for the statement and the queued timeout. */
export const timeoutFailure = (seconds: number): SqlFailure => ({
  code: '000630',
  sqlState: '57014',
  message: `Statement reached its statement or warehouse timeout of ${seconds} second(s) and was canceled.`,
});

export const noWarehouseFailure = (): SqlFailure => ({
  code: '000606',
  sqlState: '57P03',
  message: "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.",
});

/** A statement the fake refuses before it reaches PostgreSQL, as Snowflake would. */
export class SnowflakeSqlError extends Error {
  constructor(readonly failure: SqlFailure) {
    super(failure.message);
  }
}

export const unknownFunctionFailure = (name: string): SqlFailure => ({ code: '002140', sqlState: '42601', message: `SQL compilation error:\nUnknown function ${name}` });

export const syntaxFailure = (unexpected: string): SqlFailure => ({
  code: '001003',
  sqlState: '42000',
  message: `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${unexpected}'.`,
});

export const noCurrentDatabaseFailure = (): SqlFailure => ({
  code: '090105',
  sqlState: '22000',
  message: "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
});

export const missingDatabaseFailure = (database: string): SqlFailure => ({
  code: '002003',
  sqlState: '02000',
  message: `SQL compilation error:\nDatabase '${database}' does not exist or not authorized.`,
});
