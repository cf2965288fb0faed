/** Where `baselinr report` writes when `--out` is not given: the current directory. */
export const DEFAULT_REPORT_FILE = 'baselinr-report.html';
