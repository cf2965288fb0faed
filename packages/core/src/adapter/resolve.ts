import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectionConfig } from '../config/schema.js';
import { AdapterResolutionError } from '../errors.js';
import { closest } from '../util/closest.js';
import type { WarehouseAdapter } from './contract.js';
import { adapterSearchDirectories, checkAdapterVersion, emitVersionWarning } from './version-skew.js';

/** Short names that map to first-party packages; aliases share one adapter. */
const FIRST_PARTY: Record<string, string> = {
  sqlite: '@baselinr/adapter-sqlite',
  postgres: '@baselinr/adapter-postgres',
  postgresql: '@baselinr/adapter-postgres',
  mysql: '@baselinr/adapter-mysql',
  mariadb: '@baselinr/adapter-mysql',
  snowflake: '@baselinr/adapter-snowflake',
  bigquery: '@baselinr/adapter-bigquery',
  redshift: '@baselinr/adapter-redshift',
  duckdb: '@baselinr/adapter-duckdb',
};

export type ModuleImporter = (specifier: string) => Promise<unknown>;

export interface ResolveAdapterOptions {
  /** Adapters given directly (embedders, tests); checked before any import. */
  readonly adapters?: Readonly<Record<string, WarehouseAdapter>>;
  /** Imports from the caller's own module, so packages the caller depends on resolve. */
  readonly importer?: ModuleImporter;
  /** Where the user's project lives: packages installed there resolve too. */
  readonly cwd?: string;
  /** Told when a resolved adapter package's peer range excludes the running core (default: a Node warning). */
  readonly onWarning?: (message: string) => void;
}

export function adapterPackageFor(connection: Pick<ConnectionConfig, 'type' | 'adapter'>): string {
  return connection.adapter ?? FIRST_PARTY[connection.type.toLowerCase()] ?? `baselinr-adapter-${connection.type}`;
}

/**
 * Finds the adapter for a connection: explicit `adapters`, then the package named by
 * `connection.adapter` or the first-party short name, imported lazily. No global registry.
 */
export async function resolveAdapter(connection: Pick<ConnectionConfig, 'type' | 'adapter'>, options: ResolveAdapterOptions = {}): Promise<WarehouseAdapter> {
  const given = options.adapters?.[connection.type];
  if (given) return given;
  const specifier = adapterPackageFor(connection);
  const loaded = await importAdapterModule(connection, specifier, options);
  const adapter = pickAdapter(loaded);
  if (!adapter) {
    throw new AdapterResolutionError(`${specifier} does not export a Baselinr adapter (expected \`export const adapter\` or a default export with type, limits and connect)`);
  }
  checkAdapterVersion(specifier, adapterSearchDirectories(options), options.onWarning ?? emitVersionWarning);
  return adapter;
}

async function importAdapterModule(connection: Pick<ConnectionConfig, 'type' | 'adapter'>, specifier: string, options: ResolveAdapterOptions): Promise<unknown> {
  const attempts: Array<() => Promise<unknown>> = [];
  if (options.importer) attempts.push(() => options.importer!(specifier));
  attempts.push(() => {
    const require = createRequire(join(options.cwd ?? process.cwd(), 'package.json'));
    return import(pathToFileURL(require.resolve(specifier)).href);
  });
  attempts.push(() => import(specifier));
  let lastError: unknown;
  for (const attempt of attempts) {
    try {
      return await attempt();
    } catch (err) {
      if (!isModuleNotFound(err, specifier)) throw new AdapterResolutionError(`failed to load ${specifier}: ${(err as Error).message}`, { cause: err });
      lastError = err;
    }
  }
  throw new AdapterResolutionError(notInstalledMessage(connection, specifier), { cause: lastError });
}

/**
 * What to do about the adapter package a connection names when it cannot be found, or undefined
 * when it can; looked up (never imported: importing an adapter loads core's engine) from `from`
 * (the caller's module URL) and from the project in `cwd`.
 */
export function missingAdapter(connection: Pick<ConnectionConfig, 'type' | 'adapter'>, options: { readonly from: string; readonly cwd?: string }): string | undefined {
  const specifier = adapterPackageFor(connection);
  for (const base of [options.from, pathToFileURL(join(options.cwd ?? process.cwd(), 'package.json')).href]) {
    try {
      createRequire(base).resolve(specifier);
      return undefined;
    } catch (err) {
      // Found, but it offers no entry to require(): an ES module only package is installed all the same.
      if ((err as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    }
  }
  return notInstalledMessage(connection, specifier);
}

/**
 * Says what to do about a missing adapter package. A type close to a built-in one is a typo:
 * the built-in is suggested, never an install of a package named after the typo (which anyone
 * could publish). The third-party naming rule is offered only when no built-in type is close.
 */
export function notInstalledMessage(connection: Pick<ConnectionConfig, 'type' | 'adapter'>, specifier = adapterPackageFor(connection)): string {
  const builtIn = Object.keys(FIRST_PARTY);
  const isBuiltIn = connection.adapter === undefined && builtIn.includes(connection.type.toLowerCase());
  const near = connection.adapter === undefined && !isBuiltIn ? closest(connection.type, builtIn) : undefined;
  if (near) {
    return `type ${JSON.stringify(connection.type)} is not a built-in type; did you mean \`${near}\`? (Built-in types: ${builtIn.join(', ')}. For a third-party adapter, name its package in \`adapter:\`.)`;
  }
  return `the adapter package ${specifier} is not installed; install it with \`npm install ${specifier}\`${connection.adapter === undefined && !isBuiltIn ? ` (built-in types: ${builtIn.join(', ')})` : ''}`;
}

/** True when `err` is an import's "cannot find package" for `specifier` itself, not for something it imports. */
export function isModuleNotFound(err: unknown, specifier: string): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((err as Error).message).includes(specifier);
}

function isAdapter(value: unknown): value is WarehouseAdapter {
  const v = value as Partial<WarehouseAdapter> | undefined;
  return !!v && typeof v.type === 'string' && typeof v.connect === 'function' && typeof v.limits === 'function';
}

function pickAdapter(module: unknown): WarehouseAdapter | undefined {
  const m = module as { adapter?: unknown; default?: unknown };
  return [m.adapter, m.default].find(isAdapter);
}
