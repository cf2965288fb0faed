/** Formatting shared by every report, so the same figure reads the same in each table. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(2)} ms`;
export const megabytes = (mb: number) => `${mb.toFixed(0)} MB`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;
export const percent = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;
export const count = (n: number) => n.toLocaleString('en-US');
export const cpu = (secondsUsed: number) => `${secondsUsed.toFixed(2)} s`;
