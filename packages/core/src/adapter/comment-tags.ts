/**
 * Tags written in a table's comment, as Baselinr reads them on PostgreSQL, MySQL and Redshift:
 * the text after `tags:` when the comment has it, else the whole comment, split at commas.
 * `COMMENT ON TABLE orders IS 'tags: pii, finance'` tags the table `pii` and `finance`.
 */
export function tagsFromComment(comment: string | null | undefined): string[] {
  if (!comment) return [];
  const at = comment.toLowerCase().indexOf('tags:');
  const list = at >= 0 ? comment.slice(at + 'tags:'.length) : comment;
  return list
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** What `WarehouseSession.tagSource` says for warehouses whose tags are in table comments. */
export const COMMENT_TAG_SOURCE = "table comments ('tags: a, b')";
