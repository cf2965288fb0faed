import { describe } from 'vitest';
import { FEATURES, type AdapterConformance } from './harness.js';
import { catalogChecks } from './suites/catalog.js';
import { batchingChecks } from './suites/batching.js';
import { cancelChecks } from './suites/cancel.js';
import { concurrencyChecks } from './suites/concurrency.js';
import { SuiteContext } from './suites/context.js';
import { errorChecks } from './suites/errors.js';
import { identifierChecks } from './suites/identifiers.js';
import { metricChecks } from './suites/metrics.js';
import { statementChecks } from './suites/statements.js';
import { storeChecks } from './suites/store.js';

/**
 * Registers the conformance suite for one adapter with vitest: call it at the top level of a test
 * file. Every group of checks opens its own namespace through `subject.open` and closes it after.
 */
export function describeAdapter(subject: AdapterConformance): void {
  const unknown = Object.keys(subject.skip ?? {}).filter((f) => !(FEATURES as readonly string[]).includes(f));
  if (unknown.length > 0) throw new TypeError(`Expected \`skip\` keys among ${FEATURES.join(', ')}, got ${unknown.join(', ')}`);
  const ctx = new SuiteContext(subject);
  describe(`${ctx.name} adapter conformance`, () => {
    catalogChecks(ctx);
    metricChecks(ctx);
    identifierChecks(ctx);
    statementChecks(ctx);
    batchingChecks(ctx);
    cancelChecks(ctx);
    errorChecks(ctx);
    concurrencyChecks(ctx);
    storeChecks(ctx);
  });
}
