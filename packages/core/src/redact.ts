const SECRET_KEY = /(?:password|passwd|pwd|secret|token|private_key|privatekey|passphrase|credentials|api_key|apikey|access_key)/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !/_path$|_file$/i.test(key);
}

/** Collects the values of secret-looking keys anywhere in a config tree. */
export function collectSecrets(value: unknown, extraKeys: readonly string[] = [], found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, extraKeys, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if ((isSecretKey(key) || extraKeys.includes(key)) && (typeof item === 'string' || typeof item === 'number')) {
        const text = String(item);
        if (text.length > 0) found.add(text);
      } else {
        collectSecrets(item, extraKeys, found);
      }
    }
  }
  return found;
}

export type Redactor = (text: string) => string;

const MASK = '***';

/** `scheme://user:password@host`: the password of a URL's userinfo. */
const URL_PASSWORD = /(\/\/[^:/@\s]+:)[^@/\s]+@/g;

/**
 * Hides the password of every URL with credentials (`postgres://bob:pw@db`). Purely structural,
 * so it is safe on any text: it never touches words, numbers or names.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`);
}

/** `Password=...;` in connection strings and DSNs: the value after a secret-looking key. */
const SECRET_SETTING = new RegExp(`\\b(\\w*${SECRET_KEY.source}\\w*)(\\s*=\\s*)("[^"]*"|'[^']*'|[^\\s;&,'"]+)`, 'gi');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A secret this long that mixes letters with digits or symbols is hidden even inside a longer
 * token (a path, a DSN): no error text holds one by chance. A plain word (`postgres`) or number is not,
 * since it does occur inside names and counts.
 */
function hiddenAnywhere(secret: string): boolean {
  return secret.length >= 8 && /[A-Za-z]/.test(secret) && /[^A-Za-z]/.test(secret);
}

/**
 * A redactor for error texts (a driver's or service's message): hides URL passwords, the values of
 * secret settings in connection strings, and each known secret where it stands as a whole token
 * (between spaces or quotes, as drivers quote values), or anywhere once it is long and mixed. A
 * short or plain secret is never hidden inside a longer token, so a password of `1` or `postgres` leaves `127.0.0.1`
 * and `postgres://` readable. Apply it to error texts only, never to output Baselinr composes
 * itself (that holds no secret by construction).
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const long = values.filter(hiddenAnywhere);
  const short = values.filter((s) => !hiddenAnywhere(s));
  const tokens = short.length === 0 ? undefined : new RegExp(`(^|[\\s'"\`(\\[{<])(?:${short.map(escapeRegExp).join('|')})(?=['"\`)\\]}>.,;:!?]*(?:\\s|$))`, 'g');
  return (text) => {
    let out = redactUrlCredentials(text).replace(SECRET_SETTING, (whole: string, key: string, separator: string) => (isSecretKey(key) ? `${key}${separator}${MASK}` : whole));
    for (const secret of long) out = out.split(secret).join(MASK);
    if (tokens) out = out.replace(tokens, `$1${MASK}`);
    return out;
  };
}
