/** Each tag's attributes, parsed in order so text inside a quoted value is never taken for an attribute. */
function attributes(page: string): Array<{ name: string; value: string }> {
  const found: Array<{ name: string; value: string }> = [];
  for (const tag of page.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const m of tag[0].matchAll(/\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      found.push({ name: m[1]!.toLowerCase(), value: m[2] ?? m[3] ?? m[4] ?? '' });
    }
  }
  return found;
}

const URL_ATTRIBUTES = new Set(['src', 'href', 'srcset', 'action', 'formaction', 'data', 'poster', 'xlink:href', 'background', 'ping']);

/** What a report must never contain for it to open offline: any URL a browser would fetch or follow out. */
export function externalReferences(page: string): string[] {
  const inAttributes = attributes(page)
    .filter((a) => URL_ATTRIBUTES.has(a.name))
    .map((a) => a.value.trim());
  const inStyles = [...page.matchAll(/url\(\s*["']?([^)"']*)/gi), ...page.matchAll(/@import\s+["']?([^"';\s]+)/gi)].map((m) => m[1]!);
  // In-page anchors (#id) are the only references allowed.
  return [...inAttributes, ...inStyles].filter((ref) => !ref.startsWith('#'));
}

/** Elements that run code or load something, which a static report has no use for. */
export function activeElements(page: string): string[] {
  return [...page.matchAll(/<(script|iframe|object|embed|img|link|base|form|audio|video|source)\b/gi)].map((m) => m[0]!);
}

/** Inline event handlers (onload=, onerror=, ...) on any element. */
export function eventHandlers(page: string): string[] {
  return attributes(page)
    .filter((a) => a.name.startsWith('on'))
    .map((a) => a.name);
}
