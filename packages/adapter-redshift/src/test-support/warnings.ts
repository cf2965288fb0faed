/** Warnings emitted on Node's channel while a test runs, by code; `stop` detaches the listener. */
export function collectWarnings(): { byCode(code: string): string[]; stop(): void } {
  const seen: Array<{ code: string | undefined; message: string }> = [];
  const listener = (warning: Error & { code?: string }) => seen.push({ code: warning.code, message: warning.message });
  process.on('warning', listener);
  return {
    byCode: (code) => seen.filter((w) => w.code === code).map((w) => w.message),
    stop: () => void process.off('warning', listener),
  };
}
