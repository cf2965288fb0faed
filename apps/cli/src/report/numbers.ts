/** Numbers for labels on a page: short, and never in a form that looks like more precision than it has. */

/** `8.3%`, `<0.1%` for a tiny non-zero share, `100%`. */
export function formatRatio(ratio: number): string {
  if (ratio > 0 && ratio < 0.001) return '<0.1%';
  if (ratio < 1 && ratio > 0.999) return '>99.9%';
  return `${Number((ratio * 100).toFixed(1))}%`;
}

/** Four significant digits; very large or very small magnitudes in exponent form (`9.01e15`). */
export function shortNumber(n: number): string {
  const size = Math.abs(n);
  if (size !== 0 && (size >= 1e9 || size < 1e-3)) return n.toExponential(2).replace('e+', 'e');
  return Number(n.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** SVG coordinates with one decimal: enough for a screen, and keeps the file small. */
export function coord(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** `1 worker`, `3 workers`; `retry` becomes `retries`. */
export function plural(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`}`;
}
