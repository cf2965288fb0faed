import { WarehouseError } from '@baselinr/core';

/**
 * A table's labels as the tags `tags` and `tags_any` match, in the `NAME:VALUE` form Baselinr
 * gives Snowflake's tags: `env:prod`. A label without a value (BigQuery's way of tagging a
 * resource) is its key alone: `pii`.
 */
export const LABEL_TAG_SOURCE = "table labels ('key:value', or 'key' for a label without a value)";

// A GoogleSQL string literal as INFORMATION_SCHEMA prints one; label text never needs escapes, but they are honoured.
const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;
const LABEL = String.raw`STRUCT\(\s*${STRING}\s*,\s*${STRING}\s*\)`;
const LABEL_LIST = new RegExp(String.raw`^\[\s*(?:${LABEL}(?:\s*,\s*${LABEL})*)?\s*\]$`);

/** Tags from TABLE_OPTIONS.option_value of a `labels` option: `[STRUCT("env", "prod"), STRUCT("pii", "")]`. */
export function tagsFromLabels(optionValue: string, table: string): string[] {
  if (!LABEL_LIST.test(optionValue)) {
    throw new WarehouseError(
      'unknown',
      `cannot read the labels of ${table}: INFORMATION_SCHEMA.TABLE_OPTIONS gave ${JSON.stringify(optionValue)}, not [STRUCT("key", "value"), ...]`,
    );
  }
  return [...optionValue.matchAll(new RegExp(LABEL, 'g'))].map(([, key, value]) => {
    const [k, v] = [unescapeLiteral(key!), unescapeLiteral(value!)];
    return v === '' ? k : `${k}:${v}`;
  });
}

function unescapeLiteral(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
