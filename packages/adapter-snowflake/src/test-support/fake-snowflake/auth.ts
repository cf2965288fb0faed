import { createHash, createPublicKey, verify } from 'node:crypto';
import { Code, failure, type Envelope } from './protocol.js';

/** A Snowflake user the fake accepts, with whichever credentials it has. */
export interface FakeUser {
  readonly name: string;
  readonly password?: string;
  /** PEM public key registered for key-pair login (ALTER USER ... SET RSA_PUBLIC_KEY). */
  readonly publicKeyPem?: string;
  /** An OAuth access token issued to this user. */
  readonly oauthToken?: string;
}

/** The `data` of a login-request body, as snowflake-sdk fills it. */
export interface LoginData {
  readonly ACCOUNT_NAME?: string;
  readonly LOGIN_NAME?: string;
  readonly PASSWORD?: string;
  readonly AUTHENTICATOR?: string;
  readonly TOKEN?: string;
  readonly SESSION_PARAMETERS?: Record<string, unknown>;
  readonly CLIENT_ENVIRONMENT?: { readonly APPLICATION?: string };
}

const b64url = (text: string) => Buffer.from(text, 'base64url');

/** Snowflake's key fingerprint: SHA-256 of the DER public key, base64. */
function fingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/** Checks an RS256 JWT the way Snowflake does: signature by the user's key, issuer and subject naming account and user, not expired. */
function jwtIsValid(token: string, account: string, user: FakeUser): boolean {
  if (!user.publicKeyPem) return false;
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  try {
    if ((JSON.parse(b64url(header).toString('utf8')) as { alg?: string }).alg !== 'RS256') return false;
    const claims = JSON.parse(b64url(payload).toString('utf8')) as { iss?: string; sub?: string; exp?: number };
    const subject = `${account.toUpperCase()}.${user.name.toUpperCase()}`;
    // snowflake-sdk writes exp in milliseconds; the JWT standard says seconds.
    const expiresMs = (claims.exp ?? 0) > 1e12 ? claims.exp! : (claims.exp ?? 0) * 1000;
    const signed = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), user.publicKeyPem, b64url(signature));
    return signed && claims.sub === subject && claims.iss === `${subject}.${fingerprint(user.publicKeyPem)}` && expiresMs > Date.now();
  } catch {
    return false;
  }
}

/** The user a login request authenticates, or the failure Snowflake answers with. */
export function authenticate(data: LoginData, users: readonly FakeUser[]): FakeUser | Envelope {
  const authenticator = (data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
  const byName = users.find((u) => u.name.toUpperCase() === (data.LOGIN_NAME ?? '').toUpperCase());
  if (authenticator === 'OAUTH') {
    const user = users.find((u) => u.oauthToken !== undefined && u.oauthToken === data.TOKEN);
    if (user && (!data.LOGIN_NAME || user === byName)) return user;
    return failure(Code.oauthInvalid, 'Invalid OAuth access token. ');
  }
  if (authenticator === 'SNOWFLAKE_JWT') {
    if (byName && data.TOKEN && jwtIsValid(data.TOKEN, data.ACCOUNT_NAME ?? '', byName)) return byName;
    return failure(Code.jwtInvalid, 'JWT token is invalid.');
  }
  if (byName?.password !== undefined && byName.password === data.PASSWORD) return byName;
  return failure(Code.incorrectPassword, 'Incorrect username or password was specified.');
}
