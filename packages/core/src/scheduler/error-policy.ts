import { CancelledError, TimeoutError, WarehouseError, type ErrorCause } from '../errors.js';

/** What core does about a failed statement, decided from its cause alone. */
export interface ErrorReaction {
  /** Worth another attempt (within the retry budget). */
  readonly retry: boolean;
  /** The warehouse pushed back on load: lower the run's concurrency, and retry without using the budget. */
  readonly lowerConcurrency: boolean;
}

const GIVE_UP: ErrorReaction = { retry: false, lowerConcurrency: false };
const RETRY: ErrorReaction = { retry: true, lowerConcurrency: false };
const BACK_OFF: ErrorReaction = { retry: true, lowerConcurrency: true };

/**
 * One rule for every warehouse. A server that is restarting, a dropped connection, a conflict
 * with another transaction or an internal error may not happen again; a refusal for load
 * (connections, rate, resources) goes away when the run asks less at once. The rest would fail
 * the same way however often it is tried.
 */
const REACTIONS: Record<ErrorCause, ErrorReaction> = {
  connection_refused: RETRY,
  connection_lost: RETRY,
  timeout: RETRY,
  serialization_conflict: RETRY,
  internal: RETRY,
  too_many_connections: BACK_OFF,
  rate_limited: BACK_OFF,
  resource_exhausted: BACK_OFF,
  authentication_failed: GIVE_UP,
  permission_denied: GIVE_UP,
  object_not_found: GIVE_UP,
  syntax: GIVE_UP,
  cancelled: GIVE_UP,
  unknown: GIVE_UP,
};

/** The cause of anything a statement threw; anything an adapter did not normalise is `unknown`. */
export function causeOf(err: unknown): ErrorCause {
  if (err instanceof TimeoutError) return 'timeout';
  if (err instanceof CancelledError) return 'cancelled';
  if (err instanceof WarehouseError) return err.kind;
  return 'unknown';
}

/** Core's own timeouts and cancellations are never retried, whatever a driver would say of them. */
export function reactionTo(err: unknown): ErrorReaction {
  if (err instanceof TimeoutError || err instanceof CancelledError) return GIVE_UP;
  return REACTIONS[causeOf(err)];
}
