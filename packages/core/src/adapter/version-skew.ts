import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE = '@baselinr/core';

export interface PackageManifest {
  readonly name: string;
  readonly version?: string;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

type Version = readonly [number, number, number];

function parseVersion(text: string): Version | undefined {
  const match = /^\s*[v=]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?\s*$/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The exclusive upper bound of `^v`: the next version that changes the leftmost non-zero part. */
function caretLimit([major, minor, patch]: Version): Version {
  if (major > 0) return [major + 1, 0, 0];
  if (minor > 0) return [0, minor + 1, 0];
  return [0, 0, patch + 1];
}

/** One comparator (`^1.2.3`, `~1.2.3`, `>=1.2.3`, `<2`, `1.2.3`): true, false, or undefined when it is not one we read. */
function satisfies(comparator: string, version: Version): boolean | undefined {
  const match = /^(\^|~|>=|<=|>|<|=)?(.+)$/.exec(comparator);
  const bound = match && parseVersion(match[2]!);
  if (!match || !bound) return undefined;
  const c = compare(version, bound);
  switch (match[1]) {
    case '^':
      return c >= 0 && compare(version, caretLimit(bound)) < 0;
    case '~':
      return c >= 0 && compare(version, [bound[0], bound[1] + 1, 0]) < 0;
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}

/**
 * Whether `version` is within a peer range as packages publish them: `^x.y.z`, `~x.y.z`,
 * comparators joined by spaces, alternatives joined by `||`, `*`, and pnpm's `workspace:` forms
 * (`workspace:^` is the same workspace, so always true). Prerelease tags are ignored. Undefined
 * when the range uses syntax this does not read (hyphen or x-ranges): no warning is better than a
 * wrong one.
 */
export function rangeIncludes(range: string, version: string): boolean | undefined {
  let text = range.trim();
  if (text.startsWith('workspace:')) {
    text = text.slice('workspace:'.length);
    if (['', '*', '^', '~'].includes(text)) return true;
  }
  const parsed = parseVersion(version);
  if (!parsed) return undefined;
  if (text === '' || text === '*' || text === 'x') return true;
  const alternatives = text.split('||').map((alt) =>
    alt
      .trim()
      .split(/\s+/)
      .map((c) => satisfies(c, parsed)),
  );
  if (alternatives.some((alt) => alt.every((r) => r === true))) return true;
  return alternatives.some((alt) => alt.includes(undefined)) ? undefined : false;
}

/** What to tell the user when an adapter package's peer range for core excludes the running core; undefined when all is well. */
export function versionSkewWarning(adapter: PackageManifest, coreVersion: string): string | undefined {
  const range = adapter.peerDependencies?.[CORE];
  if (range === undefined || rangeIncludes(range, coreVersion) !== false) return undefined;
  const which = adapter.version ? `${adapter.name}@${adapter.version}` : adapter.name;
  return (
    `${which} is made for ${CORE} ${range} (its peerDependencies), but ${CORE} ${coreVersion} is running; ` +
    `install a release of ${adapter.name} made for core ${coreVersion}, or upgrade baselinr to a release whose core is within ${range}`
  );
}

/**
 * The manifest of an installed package, found the way Node finds packages (node_modules folders
 * from each directory up to the root), without going through its `exports` map.
 */
export function findPackageManifest(name: string, fromDirectories: readonly string[]): PackageManifest | undefined {
  for (const start of fromDirectories) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as PackageManifest;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/** The version of the core that is running: this file's own package. */
export function runningCoreVersion(): string {
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as PackageManifest;
  return manifest.version ?? '0.0.0';
}

/**
 * Where an adapter was resolved from, in resolveAdapter's order: the caller's program (its importer
 * imports from there), the user's project, then core's own install.
 */
export function adapterSearchDirectories(options: { readonly cwd?: string; readonly importer?: unknown }): string[] {
  const program = options.importer && process.argv[1] ? [dirname(process.argv[1])] : [];
  return [...program, options.cwd ?? process.cwd(), dirname(fileURLToPath(import.meta.url))];
}

/** Node's own warning channel, for embedders who did not say where warnings go. */
export const emitVersionWarning = (message: string) => process.emitWarning(message, { code: 'BASELINR_ADAPTER_VERSION' });

const warned = new Set<string>();

/**
 * Says once per package when the adapter package `name` (looked up from `fromDirectories`, as it was
 * resolved) declares a peer range for core that excludes the running core.
 */
export function checkAdapterVersion(name: string, fromDirectories: readonly string[], warn: (message: string) => void): void {
  if (!/^(@[^/]+\/)?[^/.][^/]*$/.test(name)) return; // a path, not a package name: nothing to compare
  const manifest = findPackageManifest(name, fromDirectories);
  const message = manifest && versionSkewWarning(manifest, runningCoreVersion());
  if (!message || warned.has(message)) return;
  warned.add(message);
  warn(message);
}
