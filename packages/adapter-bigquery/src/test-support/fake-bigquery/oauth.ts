import { randomBytes } from 'node:crypto';

/**
 * The OAuth side of the fake: it hands out an `external_account_authorized_user` credential
 * (Workforce Identity Federation's user credential) whose `token_url` is the fake itself, so
 * google-auth-library performs its real refresh-token exchange without leaving loopback, and
 * BigQuery requests must carry a bearer token this endpoint issued.
 */
export class FakeOAuth {
  readonly clientId = `client-${randomBytes(4).toString('hex')}`;
  readonly clientSecret = `secret-${randomBytes(12).toString('hex')}`;
  readonly refreshToken = `refresh-${randomBytes(12).toString('hex')}`;
  private readonly issued = new Set<string>();

  /** A credentials JSON the SDK accepts, pointing its token exchange at `baseUrl`. */
  credentials(baseUrl: string, refreshToken = this.refreshToken): Record<string, string> {
    return {
      type: 'external_account_authorized_user',
      audience: '//iam.googleapis.com/locations/global/workforcePools/baselinr-test/providers/fake',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      refresh_token: refreshToken,
      token_url: `${baseUrl}/token`,
    };
  }

  /** Every access token handed out so far (tests check none leaks into an error). */
  get accessTokens(): readonly string[] {
    return [...this.issued];
  }

  /** Later requests with any token issued so far are refused with 401, as after a revocation. */
  revokeAll(): void {
    this.issued.clear();
  }

  isAuthorized(authorization: string | undefined): boolean {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    return token !== undefined && this.issued.has(token);
  }

  /** POST /token: a refresh-token grant with HTTP basic client authentication. */
  exchange(authorization: string | undefined, form: URLSearchParams): { status: number; body: object } {
    const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
    const client = basic ? Buffer.from(basic, 'base64').toString('utf8') : '';
    if (client !== `${this.clientId}:${this.clientSecret}`) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
    }
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== this.refreshToken) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
    }
    const token = `ya29.fake-${randomBytes(16).toString('hex')}`;
    this.issued.add(token);
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
  }
}
