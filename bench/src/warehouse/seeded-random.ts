/**
 * The same deterministic generator the adapter test suites use (mulberry32), so the same seed
 * gives the same warehouse on every machine. It only picks the constants of each column's SQL
 * expression; the rows themselves are computed by the database server from those constants.
 */
export { seededRandom } from '@baselinr/adapter-testkit';

/** A whole number in [min, max). */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min));
}
