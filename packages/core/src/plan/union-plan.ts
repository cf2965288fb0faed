import type { Dialect } from '../adapter/dialect.js';

/** One table's statement in a shared round trip: its SQL and the result columns it reads. */
export interface UnionMember {
  readonly sql: string;
  readonly aliases: readonly string[];
}

/** The column of a union's result that says which member (by its position in the union) a row belongs to. */
export const MEMBER_COLUMN = 'bt';

/**
 * Several tables' one-row statements as one statement: each member becomes a branch of a
 * UNION ALL that tags its row with the member's index and returns its columns positionally
 * (`c0`, `c1`...) as exact text, padded with NULLs to the widest member. Text keeps every value
 * exact across branches whose types differ; the profiler parses text as it parses any value.
 */
export function unionStatement(members: readonly UnionMember[], dialect: Dialect): string {
  const width = Math.max(...members.map((m) => m.aliases.length));
  return members
    .map((member, index) => {
      const columns = Array.from({ length: width }, (_, i) => {
        const alias = member.aliases[i];
        // Unquoted: the aliases are plain lower-case names, which a warehouse that folds case (Snowflake) folds alike on both sides.
        return `${alias === undefined ? 'NULL' : dialect.exactText(`bq.${alias}`)} AS c${i}`;
      });
      return `SELECT ${index} AS ${MEMBER_COLUMN}, ${columns.join(', ')} FROM (${member.sql}) bq`;
    })
    .join(' UNION ALL ');
}
