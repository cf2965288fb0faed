/**
 * Job labels: BigQuery copies them into the billing export and INFORMATION_SCHEMA.JOBS, which is
 * how users find what a run cost. Keys start with a lowercase letter; keys and values hold at most
 * 63 lowercase letters, digits, underscores or dashes (international letters allowed).
 */
export const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
export const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

export const RUN_ID_LABEL = 'baselinr_run_id';
export const RESERVED_LABEL_KEYS: readonly string[] = [RUN_ID_LABEL];

/** The run id as a label value: lower-cased, other characters replaced by `_`, cut to 63. */
export function runIdLabelValue(runId: string): string {
  return [...runId.toLowerCase()]
    .map((ch) => (LABEL_VALUE.test(ch) ? ch : '_'))
    .slice(0, 63)
    .join('');
}

/** The labels every job of a run carries: the user's own plus the run id. */
export function jobLabels(runId: string, userLabels: Readonly<Record<string, string>>): Record<string, string> {
  return { ...userLabels, [RUN_ID_LABEL]: runIdLabelValue(runId) };
}
