/**
 * A lexer for the GoogleSQL the adapter sends: enough to tell quoted identifiers, string
 * literals, parameters and words apart so the translator never rewrites inside a literal.
 */
export type TokenKind = 'space' | 'string' | 'quoted' | 'param' | 'number' | 'word' | 'symbol';

export interface Token {
  readonly kind: TokenKind;
  /** The source text (for words, numbers and symbols) or the decoded content (strings, quoted identifiers, parameter names). */
  readonly text: string;
}

export class LexError extends Error {}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

const PATTERNS: ReadonlyArray<readonly [TokenKind | 'comment', RegExp]> = [
  ['space', /\s+/y],
  ['comment', /--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//y],
  ['param', /@([A-Za-z_][A-Za-z0-9_]*)/y],
  ['number', /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y],
  ['word', /[A-Za-z_][A-Za-z0-9_]*/y],
  ['symbol', /<=|>=|<>|!=|\|\||[^\s]/y],
];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < sql.length) {
    const ch = sql[at]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const { content, end } = readQuoted(sql, at);
      tokens.push({ kind: ch === '`' ? 'quoted' : 'string', text: content });
      at = end;
      continue;
    }
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = at;
      const match = pattern.exec(sql);
      if (!match) continue;
      at = pattern.lastIndex;
      if (kind === 'comment') break;
      tokens.push({ kind, text: kind === 'param' ? match[1]! : kind === 'space' ? ' ' : match[0] });
      break;
    }
  }
  return tokens;
}

/** Reads a single-line quoted run starting at `start`, decoding backslash escapes. */
function readQuoted(sql: string, start: number): { content: string; end: number } {
  const quote = sql[start]!;
  let content = '';
  for (let i = start + 1; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === quote) return { content, end: i + 1 };
    if (ch === '\\') {
      const next = sql[++i];
      if (next === undefined) break;
      content += ESCAPES[next] ?? next;
    } else {
      content += ch;
    }
  }
  throw new LexError(`Syntax error: Unclosed ${quote === '`' ? 'identifier' : 'string'} literal at [1:${start + 1}]`);
}
