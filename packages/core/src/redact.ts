const SECRET_KEY = /(password|passwd|secret|token|private_key|privatekey|passphrase|credentials|api_key|apikey|access_key)/i;

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

/** Replaces every known secret (and URL userinfo passwords) in a text with `***`. */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(/(\/\/[^:/@\s]+:)[^@/\s]+@/g, '$1***@');
    for (const secret of values) out = out.split(secret).join('***');
    return out;
  };
}
