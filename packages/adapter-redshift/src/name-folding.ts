/**
 * Redshift folds identifiers to lower case, quoted ones too (unless a session turns on
 * enable_case_sensitive_identifier), so a schema created as `Sales` is listed as `sales`.
 */
export function foldName(name: string): string {
  return name.toLowerCase();
}

/** The catalog's spelling of each configured schema that exists only after folding (configured to catalog). */
export function foldedSchemas(configured: readonly string[], present: ReadonlySet<string>): Map<string, string> {
  const folded = new Map<string, string>();
  for (const schema of configured) {
    const lower = foldName(schema);
    if (!present.has(schema) && present.has(lower) && !configured.includes(lower)) folded.set(schema, lower);
  }
  return folded;
}

export function foldingWarning(configured: string, catalog: string): string {
  return `Redshift: schema ${JSON.stringify(configured)} matches the schema Redshift lists as ${JSON.stringify(catalog)} only after folding to lower case (Redshift folds names, quoted or not); write schema: ${catalog} in the config`;
}
