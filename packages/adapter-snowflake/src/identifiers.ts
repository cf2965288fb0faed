/** What Snowflake accepts as an unquoted identifier; anything else must be quoted to exist. */
const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * The name Snowflake stores for an identifier as written in a config or SQL: unquoted names are
 * folded to upper case (`analytics` is `ANALYTICS`), double-quoted names keep their exact spelling
 * (`"MixedCase"` is `MixedCase`, with `""` standing for one `"`). A name that could not be written
 * unquoted (spaces, dashes) is taken as already exact.
 */
export function resolveIdentifier(written: string): string {
  const quoted = /^"((?:[^"]|"")*)"$/.exec(written);
  if (quoted) return quoted[1]!.replaceAll('""', '"');
  return UNQUOTED.test(written) ? written.toUpperCase() : written;
}

/**
 * The upper-case spelling a name would have had if it was created unquoted, when that differs
 * from the name itself: a config that says `analytics` for a schema Snowflake lists as ANALYTICS.
 */
export function unquotedSpelling(name: string): string | undefined {
  if (!UNQUOTED.test(name)) return undefined;
  const folded = name.toUpperCase();
  return folded === name ? undefined : folded;
}
