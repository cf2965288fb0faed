// The light entry: every command logs, and `--version` must not load the rest of core.
import { redactUrlCredentials, type Redactor } from '@baselinr/core/redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'pretty' | 'json';

export type LogFields = Record<string, unknown>;

/**
 * Logs to stderr as readable lines or one JSON object per line. Lines are Baselinr's own text, so
 * only URL credentials are masked in them (structurally); error texts from drivers are redacted
 * where they arise, or with `redactError`, so a password never reaches a log and never rewrites one.
 */
export class Logger {
  private errorRedactor: Redactor = redactUrlCredentials;

  constructor(
    private readonly write: (line: string) => void,
    private readonly format: LogFormat = 'pretty',
    private readonly level: LogLevel = 'info',
  ) {}

  /** The config's secrets are known once it is loaded; until then only URL credentials are hidden in errors. */
  useRedactor(redact: Redactor): void {
    this.errorRedactor = redact;
  }

  /** An error's text, which a driver may have written with a secret in it, redacted. */
  readonly redactError: Redactor = (text) => this.errorRedactor(text);

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  private log(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(this.level)) return;
    if (this.format === 'json') {
      const record = { time: new Date().toISOString(), level, msg: message, ...fields };
      this.write(redactUrlCredentials(JSON.stringify(record)));
    } else {
      this.write(redactUrlCredentials(level === 'info' ? message : `${level}: ${message}`));
    }
  }
}
