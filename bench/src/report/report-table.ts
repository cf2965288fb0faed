/** One run's result as a table: what the Markdown shows and the JSON keeps. */
export interface ReportTable {
  readonly title: string;
  /** How the figures were obtained, shown under the table. */
  readonly notes: readonly string[];
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

const NUMBER_CELL = /^([-+]?[\d,.]+\s*(%|x|s|ms|MB|KB)?|-)$/;

/** A GitHub-flavoured Markdown table; columns of numbers (or `-` for none) are right-aligned. */
export function markdownTable(table: Pick<ReportTable, 'headers' | 'rows'>): string {
  const numeric = table.headers.map((_, i) => table.rows.length > 0 && table.rows.every((r) => NUMBER_CELL.test(r[i] ?? '')));
  const escapePipes = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escapePipes).join(' | ')} |`;
  return [line(table.headers), line(numeric.map((n) => (n ? '---:' : '---'))), ...table.rows.map(line)].join('\n');
}

export function renderReportTable(table: ReportTable): string {
  return [`### ${table.title}`, '', markdownTable(table), '', ...table.notes.map((n) => `- ${n}`)].join('\n').trimEnd();
}
