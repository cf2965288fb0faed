/** CSV for Baselinr's `--format csv`: fields with a comma, quote or line break are quoted; lines end in \n (stdout escapes a bare \r). */
export function csv(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [headers, ...rows].map((row) => row.map(field).join(',')).join('\n');
}
