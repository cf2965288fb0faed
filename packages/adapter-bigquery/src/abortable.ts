/** The outcome of waiting for `work` unless `signal` aborts first. */
export type Raced<T> = { readonly aborted: false; readonly value: T } | { readonly aborted: true };

/**
 * Waits for `work` or for `signal`, whichever comes first. On abort `work` keeps running (an HTTP
 * request cannot be recalled); the caller decides what to do with it, and its rejection is
 * handled here so it never surfaces as unhandled.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<Raced<T>> {
  if (!signal) return work.then((value) => ({ aborted: false, value }));
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve({ aborted: true });
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined);
      resolve({ aborted: true });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ aborted: false, value });
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Resolves after `ms` or with `work`, whichever comes first; never rejects. */
export function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([settled, deadline]).finally(() => clearTimeout(timer));
}
