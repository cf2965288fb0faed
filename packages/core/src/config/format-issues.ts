import type { z } from 'zod';
import { isSecretKey } from '../redact.js';
import { closest } from '../util/closest.js';

/** Formats zod issues as `path: problem, got value` lines, with a did-you-mean for unknown keys. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): string[] {
  return issues.flatMap((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        const hint = suggestion ? `did you mean \`${suggestion}\`?` : `allowed keys: ${known.join(', ')}`;
        const at = issue.path.length > 0 ? `${issue.path.join('.')}.${key}` : key;
        return `${at}: unknown key; ${hint}`;
      });
    }
    return [`${where}: ${describe(issue)}`];
  });
}

function describe(issue: z.core.$ZodIssue): string {
  // Objects would echo whole sections (and maybe secrets): only scalars are shown.
  const input = 'input' in issue ? issue.input : undefined;
  const secret = issue.path.some((key) => isSecretKey(String(key)));
  const shown = input !== undefined && !secret && (input === null || typeof input !== 'object');
  const got = shown ? `, got ${JSON.stringify(input)}` : '';
  switch (issue.code) {
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${got}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `must not be empty`;
      return `must be at least ${String(issue.minimum)}${got}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'invalid_type':
      if (issue.input === undefined) return `is required (expected ${issue.expected})`;
      return `expected ${issue.expected}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

/** Walks the schema along an issue path to list the keys an object there accepts. */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const segment of [...path, undefined]) {
    node = unwrap(node);
    if (segment === undefined) break;
    const def = (node as { def?: Record<string, unknown> }).def;
    if (def?.type === 'object') node = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def?.type === 'array') node = def.element;
    else if (def?.type === 'record') node = def.valueType;
    else return [];
  }
  const def = (node as { def?: Record<string, unknown> }).def;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

function unwrap(node: unknown): unknown {
  let current = node as { def?: Record<string, unknown> } | undefined;
  for (;;) {
    const def = current?.def;
    if (!def) return current;
    if (def.innerType) current = def.innerType as typeof current;
    else if (def.type === 'pipe') current = (def.out as { def?: { type?: string } }).def?.type === 'transform' ? (def.in as typeof current) : (def.out as typeof current);
    else return current;
  }
}
