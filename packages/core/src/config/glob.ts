/**
 * Glob patterns as Baselinr's dataset loader reads them (Python's pathlib): `*` and `?` stay inside
 * one path segment, `[abc]` / `[!abc]` are character classes, and a `**` segment spans any number of
 * directories, none included.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (pattern.startsWith('**/', i) && (i === 0 || pattern[i - 1] === '/')) {
      source += '(?:[^/]*/)*';
      i += 2;
    } else if (pattern.startsWith('**', i) && (i === 0 || pattern[i - 1] === '/') && i + 2 === pattern.length) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const end = pattern.indexOf(']', i + 2);
      const body = pattern.slice(i + 1, end);
      const negated = body.startsWith('!');
      source += `[${negated ? '^' : ''}${escapeClass(negated ? body.slice(1) : body)}]`;
      i = end;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * pathlib's `PurePath.match`, which Baselinr's `exclude_patterns` use: a relative pattern matches the
 * path's last segments, one pattern segment per path segment (`**` counts as one).
 */
export function matchesTrailingSegments(relativePath: string, pattern: string): boolean {
  const parts = relativePath.split('/');
  const wanted = pattern.split('/').filter((p) => p !== '');
  if (wanted.length === 0 || wanted.length > parts.length) return false;
  const tail = parts.slice(parts.length - wanted.length);
  return wanted.every((p, i) => globToRegExp(p === '**' ? '*' : p).test(tail[i]!));
}

function escapeClass(body: string): string {
  return body.replace(/[\\\]^]/g, '\\$&');
}
