import { BASELINR_KEYS, type BaselinrKeyTree } from './baselinr-keys.js';
import { knownKeys } from './format-issues.js';
import { CLI_FACTS, CONFIG_DIFFERENCES, METRIC_FACTS, STORE_FACTS, type Fact } from './migration-facts.js';
import { configSchema } from './schema.js';

interface KeyRow {
  readonly path: string;
  readonly support: Fact['support'];
  readonly how: string;
}

/** docs/migrating-from-baselinr.md: every Baselinr key, flag, metric and store column, and how this version treats it. */
export function migrationGuide(): string {
  const keys = keyRows(BASELINR_KEYS, []);
  const count = (support: Fact['support']) => keys.filter((k) => k.support === support).length;
  return [
    '# Migrating from Baselinr',
    '',
    '<!-- Generated from the config schemas and packages/core/src/config/migration-facts.ts by',
    '     scripts/migrating-from-baselinr.sh; a test fails when this file is out of date. -->',
    '',
    "A Baselinr `config.yml` loads unchanged: every key of Baselinr's schema is accepted. Keys this",
    'version does not support are ignored with one warning each (`validate-config` lists them,',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Baselinr's ${VAR:default} syntax, as text.
    '`--strict` refuses them). `schema_`, `${VAR:default}` and `BASELINR_<SECTION>__<KEY>` overrides work',
    'as in Baselinr. See [configuration.md](configuration.md).',
    '',
    `## Config keys (${count('same')} same, ${count('different')} different, ${count('not supported')} not supported)`,
    '',
    table(
      ['Baselinr key', 'here', 'how'],
      keys.map((k) => [`\`${k.path}\``, k.support, k.how]),
    ),
    '',
    '## CLI',
    '',
    table(['Baselinr command and flags', 'here', 'how'], CLI_FACTS.map(factRow)),
    '',
    '## Metrics',
    '',
    table(['metric', 'here', 'how'], METRIC_FACTS.map(factRow)),
    '',
    '## Results store',
    '',
    table(['table and columns', 'here', 'how'], STORE_FACTS.map(factRow)),
    '',
  ].join('\n');
}

/** Baselinr's field names that this version reads as the key they alias. */
const ALIASES: Readonly<Record<string, string>> = { schema_: 'schema' };

/** Depth first; a section this version lacks entirely is one row that counts its keys. */
function keyRows(tree: BaselinrKeyTree, path: readonly string[]): KeyRow[] {
  return Object.entries(tree).flatMap(([key, node]) => {
    const here = [...path, key];
    const name = here.join('.').replaceAll('.[]', '[]');
    if (
      !knownKeys(
        configSchema,
        path.map((p) => (p === '[]' ? 0 : p)),
      ).includes(ALIASES[key] ?? key)
    ) {
      const inside = node === true ? 0 : leafCount(node);
      return [
        {
          path: inside > 0 ? `${name}.*` : name,
          support: 'not supported' as const,
          how: inside > 0 ? `ignored with a warning, with its ${inside} key(s)` : 'ignored with a warning',
        },
      ];
    }
    const difference = CONFIG_DIFFERENCES[name];
    const row: KeyRow = { path: name, support: difference ? 'different' : 'same', how: difference ?? '' };
    if (node === true) return [row];
    const entries = node['[]'];
    const children = entries !== undefined && entries !== true ? keyRows(entries, [...here, '[]']) : keyRows(node, here);
    return difference ? [row, ...children] : children;
  });
}

function leafCount(tree: BaselinrKeyTree): number {
  return Object.values(tree).reduce((n, node) => n + (node === true ? 1 : leafCount(node)), 0);
}

function factRow(fact: Fact): string[] {
  return [`\`${fact.name}\``, fact.support, fact.how ?? ''];
}

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}
