import { resultPage, resultSize, type FakeStatement, type StatementEngine, type StatementRequest } from './statement-engine.js';
import { toPostgres } from './translation.js';
import { apiErrors, epochSeconds } from './wire.js';

export const OPERATIONS = ['ExecuteStatement', 'DescribeStatement', 'GetStatementResult', 'CancelStatement'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The service's limits the fake enforces. */
const MAX_SQL_BYTES = 100 * 1024;
const MAX_STATEMENT_NAME = 500;

export interface Endpoints {
  readonly clusterIdentifier: string;
  readonly workgroupName: string;
}

type Input = Record<string, unknown>;

/** The four operations' request checks and responses, shaped as the Data API shapes them. */
export class Operations {
  constructor(
    private readonly engine: StatementEngine,
    private readonly endpoints: Endpoints,
  ) {}

  handle(operation: Operation, input: Input): unknown {
    switch (operation) {
      case 'ExecuteStatement':
        return this.execute(input);
      case 'DescribeStatement':
        return this.describe(this.statement(input));
      case 'GetStatementResult':
        return this.results(this.statement(input), input.NextToken);
      case 'CancelStatement':
        return this.cancel(this.statement(input));
    }
  }

  private execute(input: Input): unknown {
    const request = this.statementRequest(input);
    const admitted = this.engine.admit(request, toPostgres(request.sql, request.parameters));
    if ('refusedAbove' in admitted) throw apiErrors.activeStatementsExceeded(admitted.refusedAbove);
    return {
      Id: admitted.id,
      CreatedAt: epochSeconds(admitted.createdAt),
      Database: request.database,
      ClusterIdentifier: request.clusterIdentifier,
      WorkgroupName: request.workgroupName,
      DbUser: request.dbUser,
      SecretArn: request.secretArn,
    };
  }

  /** The request parameter rules of ExecuteStatement (which identifiers go together, sizes). */
  private statementRequest(input: Input): StatementRequest {
    const sql = optionalString(input, 'Sql');
    if (!sql) throw apiErrors.validation("1 validation error detected: Value null at 'sql' failed to satisfy constraint: Member must not be null");
    if (Buffer.byteLength(sql) > MAX_SQL_BYTES) throw apiErrors.validation('The query string exceeds the maximum length of 100 KB.');
    const clusterIdentifier = optionalString(input, 'ClusterIdentifier');
    const workgroupName = optionalString(input, 'WorkgroupName');
    const dbUser = optionalString(input, 'DbUser');
    const secretArn = optionalString(input, 'SecretArn');
    const database = optionalString(input, 'Database');
    const statementName = optionalString(input, 'StatementName');
    if (Boolean(clusterIdentifier) === Boolean(workgroupName)) throw apiErrors.validation('Either ClusterIdentifier or WorkgroupName must be provided, but not both.');
    if (workgroupName && dbUser) throw apiErrors.validation('DbUser is not supported with WorkgroupName.');
    if (dbUser && secretArn) throw apiErrors.validation('Provide either DbUser or SecretArn, not both.');
    if ((clusterIdentifier && clusterIdentifier !== this.endpoints.clusterIdentifier) || (workgroupName && workgroupName !== this.endpoints.workgroupName)) {
      throw apiErrors.validation("Redshift endpoint doesn't exist in this region.");
    }
    if (!database) throw apiErrors.validation('Database must be provided.');
    if (statementName && statementName.length > MAX_STATEMENT_NAME) throw apiErrors.validation('StatementName must be at most 500 characters.');
    return {
      sql,
      parameters: sqlParameters(input.Parameters),
      database,
      ...(statementName ? { statementName } : {}),
      ...(clusterIdentifier ? { clusterIdentifier } : {}),
      ...(workgroupName ? { workgroupName } : {}),
      ...(dbUser ? { dbUser } : {}),
      ...(secretArn ? { secretArn } : {}),
    };
  }

  private describe(statement: FakeStatement): unknown {
    const { request } = statement;
    const finished = statement.status === 'FINISHED';
    const ran = statement.startedAt !== undefined && statement.endedAt !== undefined;
    return {
      Id: statement.id,
      Status: statement.status,
      CreatedAt: epochSeconds(statement.createdAt),
      UpdatedAt: epochSeconds(statement.updatedAt),
      // Nanoseconds it ran on the database; -1 while it has not.
      Duration: ran ? (statement.endedAt! - statement.startedAt!) * 1_000_000 : -1,
      Error: statement.error,
      HasResultSet: statement.hasResultSet,
      QueryString: request.sql,
      QueryParameters: request.parameters.length > 0 ? request.parameters : undefined,
      ResultRows: finished ? statement.records.length : -1,
      ResultSize: finished ? resultSize(statement) : -1,
      RedshiftPid: statement.pid,
      Database: request.database,
      ClusterIdentifier: request.clusterIdentifier,
      WorkgroupName: request.workgroupName,
      DbUser: request.dbUser,
      SecretArn: request.secretArn,
    };
  }

  private results(statement: FakeStatement, nextToken: unknown): unknown {
    if (statement.status !== 'FINISHED') throw apiErrors.validation(`Query does not have result. Please check query status with DescribeStatement (status ${statement.status}).`);
    if (!statement.hasResultSet) throw apiErrors.validation('Query does not have result.');
    const offset = nextToken === undefined ? 0 : decodeToken(nextToken, statement.id);
    const page = resultPage(statement, offset, this.engine.pageSize);
    return {
      Records: page.records,
      ColumnMetadata: statement.columns,
      TotalNumRows: statement.records.length,
      NextToken: page.next !== undefined ? encodeToken(statement.id, page.next) : undefined,
    };
  }

  private cancel(statement: FakeStatement): unknown {
    if (!['SUBMITTED', 'PICKED', 'STARTED'].includes(statement.status)) {
      throw apiErrors.validation(`Could not cancel a query that is already in ${statement.status} state with ID: ${statement.id}`);
    }
    this.engine.cancel(statement);
    return { Status: true };
  }

  private statement(input: Input): FakeStatement {
    const id = optionalString(input, 'Id');
    if (!id) throw apiErrors.validation("1 validation error detected: Value null at 'id' failed to satisfy constraint: Member must not be null");
    const statement = this.engine.get(id);
    if (!statement) throw apiErrors.notFound(`Query does not exist: ${id}`);
    return statement;
  }
}

function optionalString(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw apiErrors.serialization(`${key} must be a string`);
  return value;
}

function sqlParameters(value: unknown): StatementRequest['parameters'] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) throw apiErrors.validation('Parameters must be a non-empty list.');
  return value.map((p: unknown) => {
    const { name, value: text } = (p ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || !/^[A-Za-z_]\w*$/.test(name)) throw apiErrors.validation('Each parameter needs a name of letters, digits and underscores.');
    if (typeof text !== 'string' || text.length === 0) throw apiErrors.validation(`Parameter ${name} needs a non-empty value.`);
    return { name, value: text };
  });
}

function encodeToken(id: string, offset: number): string {
  return Buffer.from(JSON.stringify({ id, offset })).toString('base64url');
}

function decodeToken(token: unknown, id: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString()) as { id?: unknown; offset?: unknown };
    if (parsed.id === id && typeof parsed.offset === 'number') return parsed.offset;
  } catch {
    // Not ours: refused below like any other token.
  }
  throw apiErrors.validation('The NextToken is not valid for this statement.');
}
