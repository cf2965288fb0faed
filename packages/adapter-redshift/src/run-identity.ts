/** The Data API's limit on StatementName. */
const STATEMENT_NAME_MAX = 500;

/**
 * How a run's statements identify themselves. The StatementName shows in the Data API
 * (ListStatements, DescribeStatement, the console's query history); the leading comment shows in
 * Redshift's own system views (SYS_QUERY_HISTORY.query_text, STL_QUERY), where DBAs look.
 */
export class RunIdentity {
  readonly statementName: string;
  private readonly comment: string;

  constructor(readonly runId: string) {
    this.statementName = `baselinr ${runId}`.slice(0, STATEMENT_NAME_MAX);
    // Only characters that cannot end or nest the comment, whatever an embedder passes as run id.
    this.comment = `/* baselinr run ${runId.replace(/[^A-Za-z0-9._:-]/g, '?')} */`;
  }

  tag(sql: string): string {
    return `${this.comment} ${sql}`;
  }
}
