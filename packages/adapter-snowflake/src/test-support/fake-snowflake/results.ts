import { randomBytes } from 'node:crypto';
import { failure, type Envelope } from './protocol.js';
import type { FakeQuery } from './queries.js';

/** SELECT, as Snowflake numbers statement types. */
const STATEMENT_TYPE_SELECT = 4096;

export interface ChunkPolicy {
  /** Rows sent inline in `rowset`; the rest go to chunks downloaded separately. */
  readonly inlineRows: number;
  readonly chunkRows: number;
}

/** A result chunk as stored for download, with the key the download must present (SSE-C, as on S3). */
export interface StoredChunk {
  readonly rowsText: string;
  readonly key: string;
}

/**
 * The answer for a finished statement: its rows (the first ones inline, the rest as chunk URLs
 * with the headers needed to fetch them) or its error with code and SQLSTATE.
 */
export function finishedEnvelope(query: FakeQuery, policy: ChunkPolicy, chunkUrl: (index: number) => string, store: (chunks: StoredChunk[]) => void): Envelope {
  if (query.failure) {
    const { code, sqlState, message } = query.failure;
    return failure(code, message, { sqlState, queryId: query.id, line: -1, pos: -1, type: 'COMPILATION' });
  }
  const { rowtype, rows } = query.result!;
  const inline = rows.slice(0, policy.inlineRows);
  const rest = rows.slice(policy.inlineRows);
  const key = randomBytes(32).toString('base64');
  const chunks: StoredChunk[] = [];
  for (let i = 0; i < rest.length; i += policy.chunkRows) {
    // Chunk files hold rows separated by commas, without the enclosing brackets.
    chunks.push({
      rowsText: rest
        .slice(i, i + policy.chunkRows)
        .map((r) => JSON.stringify(r))
        .join(','),
      key,
    });
  }
  store(chunks);
  const session = query.session;
  return {
    success: true,
    code: null,
    message: null,
    data: {
      parameters: Object.entries(query.parameters).map(([name, value]) => ({ name, value })),
      rowtype,
      rowset: inline,
      total: rows.length,
      returned: rows.length,
      queryId: query.id,
      databaseProvider: null,
      finalDatabaseName: session.database ?? null,
      finalSchemaName: session.schema ?? null,
      finalWarehouseName: session.warehouse ?? null,
      finalRoleName: session.role ?? null,
      numberOfBinds: 0,
      arrayBindSupported: false,
      statementTypeId: STATEMENT_TYPE_SELECT,
      version: 1,
      sendResultTime: Date.now(),
      queryResultFormat: 'json',
      ...(chunks.length > 0
        ? {
            qrmk: key,
            chunkHeaders: { 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key': key },
            chunks: chunks.map((c, i) => ({
              url: chunkUrl(i),
              rowCount: i === chunks.length - 1 ? rest.length - i * policy.chunkRows : policy.chunkRows,
              uncompressedSize: Buffer.byteLength(c.rowsText),
              compressedSize: 0,
            })),
          }
        : {}),
    },
  };
}

/** One entry of GET /monitoring/queries/{id}: what Snowsight's query detail shows. */
export function monitoringEntry(query: FakeQuery): Record<string, unknown> {
  return {
    id: query.id,
    status: query.status,
    state: query.status === 'QUEUED' ? 'QUEUED' : query.isFinished ? (query.status === 'SUCCESS' ? 'SUCCEEDED' : 'FAILED') : 'RUNNING',
    sqlText: query.sqlText,
    startTime: query.submittedAt,
    endTime: query.endedAt ?? 0,
    totalDuration: (query.endedAt ?? Date.now()) - query.submittedAt,
    sessionId: query.session.id,
    warehouseName: query.session.warehouse ?? null,
    errorCode: query.failure ? Number(query.failure.code) : 0,
    errorMessage: query.failure?.message ?? null,
  };
}
