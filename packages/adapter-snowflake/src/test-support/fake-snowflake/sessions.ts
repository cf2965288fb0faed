import { randomBytes } from 'node:crypto';
import { Code, failure, type Envelope } from './protocol.js';

/** Snowflake's defaults for the parameters a login reports; statements may override them. */
export const DEFAULT_PARAMETERS: Readonly<Record<string, string | number | boolean>> = {
  TIMEZONE: 'America/Los_Angeles',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  STATEMENT_TIMEOUT_IN_SECONDS: 172_800,
  STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: 0,
  CLIENT_SESSION_KEEP_ALIVE: false,
  QUERY_CONTEXT_CACHE_SIZE: 5,
  JS_TREAT_INTEGER_AS_BIGINT: false,
};

export interface FakeSession {
  readonly id: number;
  readonly user: string;
  readonly database: string | undefined;
  readonly schema: string | undefined;
  readonly warehouse: string | undefined;
  readonly role: string | undefined;
  /** Session parameters: the defaults plus what the login set (QUERY_TAG). */
  readonly parameters: Record<string, unknown>;
  token: string;
  master: string;
  tokenExpiresAt: number;
  masterExpiresAt: number;
}

export interface SessionLifetimes {
  readonly sessionSeconds: number;
  readonly masterSeconds: number;
}

const newToken = (kind: string) => `ver:1-hint:${kind}-${randomBytes(24).toString('base64url')}`;

/** Logged-in sessions and their session and master tokens. */
export class SessionStore {
  private readonly byId = new Map<number, FakeSession>();
  private nextId = 1_000_000_001;

  constructor(private readonly lifetimes: SessionLifetimes) {}

  open(fields: Omit<FakeSession, 'id' | 'token' | 'master' | 'tokenExpiresAt' | 'masterExpiresAt'>): FakeSession {
    const now = Date.now();
    const session: FakeSession = {
      ...fields,
      id: this.nextId++,
      token: newToken('session'),
      master: newToken('master'),
      tokenExpiresAt: now + this.lifetimes.sessionSeconds * 1000,
      masterExpiresAt: now + this.lifetimes.masterSeconds * 1000,
    };
    this.byId.set(session.id, session);
    return session;
  }

  /** The session a session token belongs to, or the failure the SDK reacts to (renew, or give up). */
  bySessionToken(token: string | undefined): FakeSession | Envelope {
    const session = [...this.byId.values()].find((s) => s.token === token);
    if (!session) return failure(Code.sessionTokenInvalid, 'Invalid session token. Please login again.');
    if (session.tokenExpiresAt <= Date.now()) return failure(Code.sessionExpired, 'Session token expired.');
    return session;
  }

  /** POST /session/token-request: a new session token for a valid master token. */
  renew(master: string | undefined, oldSessionToken: unknown): FakeSession | Envelope {
    const session = [...this.byId.values()].find((s) => s.master === master && s.token === oldSessionToken);
    if (!session) return failure(Code.sessionGone, 'Session no longer exists. New login required to access the service.');
    if (session.masterExpiresAt <= Date.now()) return failure(Code.masterExpired, 'Authentication token has expired.  The user must authenticate again.');
    session.token = newToken('session');
    session.tokenExpiresAt = Date.now() + this.lifetimes.sessionSeconds * 1000;
    return session;
  }

  delete(session: FakeSession): void {
    this.byId.delete(session.id);
  }

  /** Makes every session token (and with `master`, every master token) expired, as time would. */
  expireAll(master: boolean): void {
    for (const session of this.byId.values()) {
      session.tokenExpiresAt = 0;
      if (master) session.masterExpiresAt = 0;
    }
  }

  get size(): number {
    return this.byId.size;
  }
}
