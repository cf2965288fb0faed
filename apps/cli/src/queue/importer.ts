/** Adapters resolve from the CLI's own location first, as for profiling (engine-setup.ts). */
export const importAdapter = (specifier: string) => import(specifier);
