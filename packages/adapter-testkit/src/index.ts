export { describeAdapter } from './describe-adapter.js';
export {
  FEATURES,
  type AdapterConformance,
  type CancelProbe,
  type ConnectionInput,
  type Feature,
  type FixtureColumn,
  type FixtureTable,
  type FixtureValue,
  type FixtureView,
  type LogicalType,
  type TestNamespace,
  type UnreachableConnection,
} from './harness.js';
export { sqlLoader, ANSI_TYPES, type SqlLoaderOptions, type SqlType } from './fixtures/sql-loader.js';
export { referenceMetrics, KIND_OF, type Expected } from './reference/metrics.js';
export { observe, type Observations } from './engine/observe.js';
export { changeSignalOf, writeAndFlushStatistics } from './change-signals.js';
export { createPgTestDatabase } from './pg-test-database.js';
export { seededRandom, draws } from './fixtures/random.js';
export { profilingStatements, HISTOGRAM_RANGES, type LabelledStatement } from './sql-corpus.js';
export { histogramTotals, metricsByColumn, type ProfiledTable } from './sample-checks.js';
