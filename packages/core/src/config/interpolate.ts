import { ConfigError } from '../errors.js';

/** Environment variables by name, as `process.env` holds them (typed here so core's typings need no @types/node). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `${VAR}`, `${VAR:-default}` (shell's: the default also replaces an empty value) and
 * `${VAR:default}` (Baselinr's: the default replaces only an unset variable).
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-?)([^}]*))?\}/g;

/**
 * Replaces `${VAR}` references in every string of a parsed YAML tree. Done after parsing, so a
 * value containing YAML syntax cannot change the document's structure.
 */
export function interpolateEnv(value: unknown, env: Environment, path: string[] = []): unknown {
  if (typeof value === 'string') return interpolateString(value, env, path);
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, [...path, k])]));
  }
  return value;
}

function interpolateString(text: string, env: Environment, path: string[]): string {
  const missing: string[] = [];
  const result = text.replace(REFERENCE, (_match, name: string, separator: string | undefined, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && (found !== '' || separator !== ':-')) return found;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  if (missing.length > 0) {
    const where = path.join('.') || '(root)';
    const problems = missing.map((name) => `${where}: environment variable ${name} is not set (set it, or give a default with \${${name}:-value})`);
    throw new ConfigError(problems.join('\n'), problems);
  }
  return result;
}
