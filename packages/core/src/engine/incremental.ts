import { createHash } from 'node:crypto';
import type { WarehouseSession } from '../adapter/contract.js';
import { tableKey, type ChangeSignal, type DiscoveredTable } from '../adapter/types.js';
import type { BaselinrConfig } from '../config/schema.js';
import type { ResultsStore, TableState, TableStateStore } from '../store/contract.js';
import { INCREMENTAL_OFF, type IncrementalPlan, type ProfileReason, type SkippedTable, type TableDecision } from './incremental-plan.js';
import type { EngineEvent, TableOutcome } from './outcome.js';
import type { DiscoveredPart } from './plan-run.js';
import type { OrderedTable } from '../scheduler/order.js';

/**
 * What a table's results depend on besides its data: the profiling settings. A change to them
 * (metrics, bins, table entries) profiles every table again, so new settings never hide behind a skip.
 */
export function settingsFingerprint(config: BaselinrConfig): string {
  return createHash('sha256').update(JSON.stringify(config.profiling)).digest('hex').slice(0, 16);
}

/** `source.database` as the state table keys it; '' when the source has none (SQLite). */
export function stateDatabase(config: BaselinrConfig): string {
  return config.source.database ?? '';
}

/**
 * Pure: splits the selected tables into those to profile (each with why) and those to skip. A
 * table is skipped only when the warehouse gave a token, the store holds one from the table's last
 * successful profile under the same settings, and the two are equal.
 */
export function decideTables<T extends DiscoveredTable>(
  tables: readonly T[],
  signals: ReadonlyMap<string, ChangeSignal>,
  states: ReadonlyMap<string, TableState>,
  settings: string,
): { profile: T[]; skipped: SkippedTable[]; decisions: Map<string, TableDecision> } {
  const profile: T[] = [];
  const skipped: SkippedTable[] = [];
  const decisions = new Map<string, TableDecision>();
  for (const table of tables) {
    const key = tableKey(table);
    const signal = signals.get(key) ?? { token: null, unknown: 'the warehouse reported nothing for this table' };
    const state = states.get(key);
    const decide = (reason: ProfileReason, detail?: string) => {
      profile.push(table);
      decisions.set(key, { reason, token: signal.token, ...(detail ? { detail } : {}) });
    };
    if (signal.token === null) decide('signal_unknown', signal.unknown);
    else if (!state || state.lastRunId === null || state.token === null) decide('no_previous_state');
    else if (state.metadata.settings !== settings) decide('settings_changed');
    else if (state.token !== signal.token) decide('change_detected');
    else skipped.push({ schema: table.schema, table: table.table, reason: 'snapshot_match', lastRunId: state.lastRunId, lastProfiledAt: state.lastProfiledAt, state });
  }
  return { profile, skipped, decisions };
}

export interface IncrementalOptions {
  /** `profile --full`. */
  readonly full: boolean;
  /** `source.type`, to name the warehouse in notes. */
  readonly warehouse: string;
  readonly signal?: AbortSignal;
}

/**
 * Whether discovery asks the listing for each table's change signal: whenever the run reads them,
 * `--full` included (it skips nothing but stores each table's token so the next run can).
 */
export function signalsWithListing(config: BaselinrConfig): boolean {
  return config.incremental.enabled && config.incremental.change_detection.enabled;
}

/**
 * Reads the change signals of the selected tables and their stored states, and decides. `full`
 * (`profile --full`) profiles every table but still reads the signals, so the next run can skip.
 * A failed signal query profiles every table: it never fails the run. Signals that came with the
 * listing are used as they are; the tables returned carry none, so what follows sees the tables as listed before.
 */
export async function planIncremental<T extends DiscoveredTable>(
  config: BaselinrConfig,
  session: Pick<WarehouseSession, 'changeSignals'>,
  store: Pick<ResultsStore, 'tableStates'>,
  listed: readonly T[],
  options: IncrementalOptions,
): Promise<{ tables: T[]; plan: IncrementalPlan }> {
  const tables = listed.map(withoutChangeSignal);
  const { incremental } = config;
  if (!incremental.enabled || !incremental.change_detection.enabled) return { tables, plan: INCREMENTAL_OFF };
  const states = store.tableStates?.(incremental.change_detection.metadata_table);
  const profileAll = (inactive: string, decisions = new Map<string, TableDecision>()) => ({ tables, plan: { enabled: true, inactive, skipped: [], decisions } });
  const { changeSignals } = session;
  if (!changeSignals) return profileAll(`the ${options.warehouse} adapter offers no change signal; every table is profiled`);
  if (!states) return profileAll('the results store keeps no table state; every table is profiled');
  let signals: ReadonlyMap<string, ChangeSignal>;
  try {
    signals = await signalsOf(listed, (refs) => changeSignals.call(session, refs, options.signal));
  } catch (err) {
    if (options.signal?.aborted) throw err;
    return profileAll(`reading change signals failed (${(err as Error).message}); every table is profiled`);
  }
  const decided = decideTables(tables, signals, await states.load(stateDatabase(config), tables), settingsFingerprint(config));
  if (!options.full) return { tables: decided.profile, plan: { enabled: true, skipped: decided.skipped, decisions: decided.decisions } };
  const decisions = new Map(tables.map((t) => [tableKey(t), { reason: 'full_requested' as const, token: signals.get(tableKey(t))?.token ?? null }]));
  return profileAll('--full: every table is profiled', decisions);
}

/**
 * Each table's signal: the one its listing carried, else read by `read` in one call for the
 * tables listed without one. When every table came with its signal, nothing is read.
 */
async function signalsOf(
  tables: readonly DiscoveredTable[],
  read: (refs: readonly DiscoveredTable[]) => Promise<ReadonlyMap<string, ChangeSignal>>,
): Promise<ReadonlyMap<string, ChangeSignal>> {
  const listed = new Map<string, ChangeSignal>();
  for (const t of tables) if (t.changeSignal) listed.set(tableKey(t), t.changeSignal);
  if (tables.length > 0 && listed.size === tables.length) return listed;
  const fetched = await read(tables.filter((t) => !t.changeSignal));
  return listed.size === 0 ? fetched : new Map([...listed, ...fetched]);
}

/** The table as a listing without signals gives it: the same object when it carries none. */
function withoutChangeSignal<T extends DiscoveredTable>(table: T): T {
  if (table.changeSignal === undefined) return table;
  const { changeSignal: _, ...rest } = table;
  return rest as T;
}

/** Baselinr's `ProfilingSkipped` for one skipped table: its reason, action `skip` and the token it matched. */
export function skippedEvent(runId: string, skipped: SkippedTable): Extract<EngineEvent, { type: 'table_skipped' }> {
  return {
    type: 'table_skipped',
    runId,
    table: { schema: skipped.schema, table: skipped.table },
    reason: skipped.reason,
    action: 'skip',
    snapshotId: skipped.state.token,
    lastRunId: skipped.lastRunId,
  };
}

/**
 * The states a finished run leaves: each table that succeeded keeps the token read before it was
 * profiled (a change during profiling shows next time); each skipped one records the skip and
 * keeps its last profile as the reference. Failed and cancelled tables keep their old state.
 */
export function statesAfterRun(config: BaselinrConfig, runId: string, plan: IncrementalPlan, outcomes: readonly TableOutcome[]): TableState[] {
  const profiled = outcomes.flatMap((outcome): TableState[] => {
    const decision = plan.decisions.get(tableKey(outcome));
    return outcome.status === 'succeeded' && decision ? [profiledState(config, runId, decision, outcome)] : [];
  });
  const skipped = plan.skipped.map((s): TableState => ({ ...s.state, decision: 'skip', decisionReason: s.reason, metadata: { ...s.state.metadata, skipped_by: runId } }));
  return [...profiled, ...skipped];
}

/**
 * The state a table profiled successfully by run `runId` leaves: the token of its `decision`
 * (read before it was profiled) under the current settings. Queue workers record it per table.
 */
export function profiledState(config: BaselinrConfig, runId: string, decision: TableDecision, outcome: TableOutcome): TableState {
  return {
    schema: outcome.schema,
    table: outcome.table,
    database: stateDatabase(config),
    lastRunId: runId,
    token: decision.token,
    decision: 'full',
    decisionReason: decision.reason,
    lastProfiledAt: outcome.startedAt,
    rowCount: outcome.rowCount,
    metadata: { settings: settingsFingerprint(config), ...(decision.detail ? { unknown: decision.detail } : {}) },
  };
}

/** Stores a run's table states; a store that cannot take them loses only the next run's skips, never this run's results. */
export async function saveStatesAfterRun(config: BaselinrConfig, store: ResultsStore, states: readonly TableState[]): Promise<string | undefined> {
  const stateStore: TableStateStore | undefined = store.tableStates?.(config.incremental.change_detection.metadata_table);
  if (!stateStore || states.length === 0) return undefined;
  try {
    await stateStore.save(states);
    return undefined;
  } catch (err) {
    return `could not store incremental table state in ${config.incremental.change_detection.metadata_table} (${(err as Error).message}); the next run profiles these tables again`;
  }
}

/**
 * The decisions of every part of a streamed discovery, gathered as the parts arrive: the run's
 * plan holds it, so the table states stored at the end cover the parts listed after the first
 * table started.
 */
export class CollectedIncrementalPlan implements IncrementalPlan {
  enabled = false;
  inactive: string | undefined;
  readonly skipped: SkippedTable[] = [];
  readonly decisions = new Map<string, TableDecision>();

  add(part: IncrementalPlan): void {
    this.enabled ||= part.enabled;
    this.inactive ??= part.inactive;
    this.skipped.push(...part.skipped);
    for (const [key, decision] of part.decisions) this.decisions.set(key, decision);
  }
}

/** Leaves each part's unchanged tables out as the part arrives, collecting every decision into `into`. */
export async function* skipUnchangedTables(
  parts: AsyncIterable<DiscoveredPart>,
  decide: (tables: readonly OrderedTable[]) => Promise<{ tables: OrderedTable[]; plan: IncrementalPlan }>,
  into: CollectedIncrementalPlan,
): AsyncGenerator<DiscoveredPart> {
  for await (const part of parts) {
    const decided = part.tables.length > 0 ? await decide(part.tables) : { tables: [], plan: INCREMENTAL_OFF };
    into.add(decided.plan);
    yield { ...part, tables: decided.tables };
  }
}
