import type { Redactor } from '@baselinr/core';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'pretty' | 'json';

export type LogFields = Record<string, unknown>;

/**
 * Logs to stderr as readable lines or one JSON object per line. Every message and string field
 * passes through the redactor, so passwords, tokens and DSN credentials never reach a log.
 */
export class Logger {
  private redact: Redactor = (t) => t;

  constructor(
    private readonly write: (line: string) => void,
    private readonly format: LogFormat = 'pretty',
    private readonly level: LogLevel = 'info',
  ) {}

  /** Secrets are known once the config is loaded; until then only DSN credentials are hidden. */
  useRedactor(redact: Redactor): void {
    this.redact = redact;
  }

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
      this.write(this.redact(JSON.stringify(record)));
    } else {
      this.write(this.redact(level === 'info' ? message : `${level}: ${message}`));
    }
  }
}
