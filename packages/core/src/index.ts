export * from './errors.js';
export * from './adapter/contract.js';
export * from './adapter/dialect.js';
export { kindFromTypeName, isNumericKind } from './adapter/column-kind.js';
export { resolveAdapter, adapterPackageFor, isModuleNotFound, type ResolveAdapterOptions, type ModuleImporter } from './adapter/resolve.js';
// One gateway to the config modules: built as a single bundled file (scripts/bundle-config.mjs).
export {
  loadConfig,
  parseConfigText,
  validateConfig,
  configSchema,
  connectionSchema,
  METRIC_NAMES,
  type LoadConfigOptions,
  type BaselinrConfig,
  type BaselinrConfigInput,
  type ConnectionConfig,
  type MetricName,
  type TableEntry,
} from './config/index.js';
export { collectSecrets, createRedactor, isSecretKey, redactUrlCredentials, type Redactor } from './redact.js';
export { planAggregates, planArithmetic, type PlannedStatement, type AggregateOutput } from './plan/aggregate-plan.js';
export { unionStatement, type UnionMember } from './plan/union-plan.js';
export { planHistograms, binEdges, histogramSkipReason, type HistogramStatement, type HistogramRange } from './plan/histogram-plan.js';
export { metricsForColumn, type MetricValue, type HistogramBin } from './plan/metrics.js';
export { resolveRowSelection, type RowSelection, type PartitionChoice, type SamplingChoice, type PartitionValue } from './plan/row-selection.js';
export { rowSource, describeRowSelection, SAMPLE_SEED, type AppliedRowSelection } from './plan/row-source.js';
export { selectTables, schemasToList, schemasOf, IncrementalSelection, requireSelection, NothingSelectedError, type Selection } from './selection/select-tables.js';
export { resolveWorkers, describeClamp, type Clamp, type WorkerPlan } from './scheduler/effective-workers.js';
export { orderLongestFirst, type OrderedTable } from './scheduler/order.js';
export { backoffSeconds, withRetry, type RetryConfig, type RetryAttempt } from './scheduler/retry.js';
export { runBounded } from './scheduler/run-queue.js';
export { STORE_SCHEMA_VERSION, type ResultsStore, type TableRunRecord, type TableRunStatus } from './store/contract.js';
export { tableKey } from './adapter/types.js';
export { tagsFromComment, COMMENT_TAG_SOURCE } from './adapter/comment-tags.js';
export { SqlResultsStore, serialiseMetric, type SqlStoreTables } from './store/sql-store.js';
export { ProfileEngine, type ProfileEngineOptions } from './engine/profile-engine.js';
export { TableProfiler, type TableProfilerOptions } from './engine/table-profiler.js';
export { startedRunSummary, finishedRunSummary, runStatus } from './engine/run-record.js';
export { openRunResources, type RunResources, type RunResourceOptions } from './engine/run-resources.js';
export { RunSecrets } from './engine/run-secrets.js';
export { planRun, tableEntries, type DiscoveredPart } from './engine/plan-run.js';
export { discoverTables, type DiscoverOptions } from './engine/discover-tables.js';
export { poolPolicy } from './scheduler/pool-policy.js';
export { causeOf, reactionTo, type ErrorReaction } from './scheduler/error-policy.js';
export { openSqlDriver } from './adapter/open-sql-driver.js';
export { SOCKET_ERROR_CAUSES } from './adapter/socket-causes.js';
export { profileTable, type ColumnProfile, type StatementRecord, type TableMetrics } from './engine/profile-table.js';
export { summaryLine, concurrencyNote, queuedMs, type EngineEvent, type RunPlan, type RunResult, type RunStatus, type TableOutcome } from './engine/outcome.js';
export { groupBy } from './util/group-by.js';
export { decideTables, planIncremental, profiledState, saveStatesAfterRun, settingsFingerprint, signalsWithListing, statesAfterRun } from './engine/incremental.js';
export { retryingCatalog, type CatalogQuery, type CatalogRetryOptions, type CatalogSession } from './engine/catalog-retry.js';
export type { IncrementalPlan, ProfileReason, SkippedTable, TableDecision } from './engine/incremental-plan.js';
export type { TableState, TableStateStore } from './store/contract.js';
export { SqlTableStateStore } from './store/table-state.js';
export { BaselinrMetrics } from './metrics/prometheus.js';
export { AdaptiveLimit, type LimitChange } from './scheduler/adaptive-limit.js';
export { EVENTS_LAYOUT_VERSION } from './store/contract.js';
export type {
  BaselinrDriftEvent,
  DriftEvent,
  DriftEventType,
  DriftSeverity,
  EventFilter,
  MetricFilter,
  RunFilter,
  StoredDriftEvent,
  StoredMetric,
  StoredTableRun,
} from './store/contract.js';
export { openResultsStore, type OpenStoreOptions } from './store/open-store.js';
export { storeLocation } from './store/named-store.js';
export { findDataset, findDatasets, matchDatasets } from './store/find-datasets.js';
export { StoreLookupError } from './store/lookup-error.js';
export { storedRunStatus } from './store/row-values.js';
export { StoreLayoutError } from './store/store-shape.js';
export * from './drift/index.js';
export { METRIC_MEANINGS_LAYOUT_VERSION } from './store/contract.js';
export { HEARTBEAT_LAYOUT_VERSION, RUN_DETAILS_LAYOUT_VERSION, type RunHeartbeat } from './store/contract.js';
export { flushSpool, ResultsSpool, spoolStoreIdentity, type SpoolFlush } from './store/spool.js';
export { STORE_BUSY_ENV, storeBusyRetry } from './store/busy-retry.js';
export { HEARTBEAT_STALE_MS, localProcesses, runState, type LocalProcesses, type RunState, type RunStateVerdict } from './store/run-liveness.js';
export type { RowSelectionFilter, RunSummaryFilter, RunSummaryRecord, RunSummaryStatus, StoredRowSelection, StoredTableTiming, TableTiming } from './store/contract.js';
export { defaultPoolName } from './coordination/pool-name.js';
export { sharedPoolSettings, processLabel, type SharedPoolSettings } from './coordination/settings.js';
export { LeaseTable, LEASE_TABLE } from './coordination/lease-table.js';
export { SharedSlotLimiter, CoordinationError, type SharedSlots, type SlotLease, type SlotLimiterOptions } from './coordination/slot-limiter.js';
export { openCoordination, openSharedSlots, LEASE_CONNECTIONS, type CoordinationOptions, type OpenSharedSlotsOptions } from './coordination/open.js';
export { createTableRacing, isDuplicateKeyError } from './coordination/ddl.js';
export type { SlotWait } from './engine/statement-runner.js';
export { rangeIncludes, versionSkewWarning, findPackageManifest, type PackageManifest } from './adapter/version-skew.js';
