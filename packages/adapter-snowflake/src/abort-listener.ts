type Callback = () => void;

const waiting = new WeakMap<AbortSignal, Set<Callback>>();

/**
 * Calls `callback` when `signal` aborts, through one listener per signal however many statements
 * wait on it: a run's signal is shared by every in-flight statement and session request, and 10+
 * workers would otherwise trip Node's MaxListenersExceededWarning on it. Returns the unsubscribe.
 */
export function onAbort(signal: AbortSignal, callback: Callback): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const registered = new Set<Callback>();
    callbacks = registered;
    waiting.set(signal, registered);
    signal.addEventListener(
      'abort',
      () => {
        for (const notify of [...registered]) notify();
        registered.clear();
      },
      { once: true },
    );
  }
  callbacks.add(callback);
  const own = callbacks;
  return () => void own.delete(callback);
}
