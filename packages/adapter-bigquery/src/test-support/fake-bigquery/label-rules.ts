import { BigQueryHttpError } from './bigquery-errors.js';

/**
 * BigQuery's rules for labels (on jobs, tables and datasets), written out independently of the
 * adapter's: keys start with a lowercase letter; keys and values hold at most 63 lowercase
 * letters, digits, underscores or dashes (international letters allowed). BigQuery refuses anything else.
 */
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

/** A resource holds at most this many labels. */
export const MAX_LABELS = 64;

/** Throws BigQuery's 400 for the first label it would refuse. */
export function checkLabel(key: string, value: string): void {
  if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) {
    throw new BigQueryHttpError(
      400,
      'invalid',
      `Invalid label: ${key}=${value}. Label keys and values can contain only lowercase letters, numeric characters, underscores, and dashes.`,
    );
  }
}
