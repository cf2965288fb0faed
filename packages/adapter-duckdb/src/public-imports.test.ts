import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * This adapter is the proof that docs/adapters.md and @baselinr/core's public exports suffice to
 * write one: its source may import core only by its package name, never a subpath or a relative
 * path into another package of the workspace.
 */
const SRC = fileURLToPath(new URL('.', import.meta.url));
const ALLOWED_PACKAGES = new Set(['@baselinr/core', '@duckdb/node-api']);
const ALLOWED_IN_TESTS = new Set(['@baselinr/adapter-testkit', 'vitest']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every module specifier of a file: static imports and exports, side-effect imports, dynamic imports. */
function specifiers(code: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...code.matchAll(p)].map((m) => m[1]!));
}

function violation(file: string, specifier: string): string | undefined {
  const where = relative(SRC, file);
  const isTest = /\.test\.ts$/.test(file) || where.split(sep).includes('test-support');
  if (specifier.startsWith('.')) {
    return resolve(file, '..', specifier).startsWith(SRC) ? undefined : `${where}: ${specifier} reaches outside the package`;
  }
  if (specifier.startsWith('node:')) return undefined;
  if (ALLOWED_PACKAGES.has(specifier) || (isTest && ALLOWED_IN_TESTS.has(specifier))) return undefined;
  if (specifier.startsWith('@baselinr/core/')) return `${where}: ${specifier} is a deep import; use @baselinr/core's public exports`;
  return `${where}: ${specifier} is not a dependency the adapter may use`;
}

describe('the DuckDB adapter uses only public APIs', () => {
  it('finds the imports it checks (the scanner works)', () => {
    const code = `import a from '@baselinr/core/dist/x.js';\nexport { b } from "../../core/src/y.js";\nawait import('z');\nimport 'side';`;
    expect(specifiers(code).sort()).toEqual(['../../core/src/y.js', '@baselinr/core/dist/x.js', 'side', 'z']);
    expect(violation(join(SRC, 'session.ts'), '@baselinr/core/dist/x.js')).toMatch(/deep import/);
    expect(violation(join(SRC, 'session.ts'), '../../core/src/y.js')).toMatch(/outside the package/);
    expect(violation(join(SRC, 'session.ts'), '@baselinr/adapter-testkit')).toMatch(/not a dependency/);
    expect(violation(join(SRC, 'session.ts'), './dialect.js')).toBeUndefined();
  });

  it('imports core only by its package name, and nothing from outside the package', () => {
    // This file is the checker: its examples of forbidden imports are data, not imports.
    const files = sourceFiles(SRC).filter((f) => f !== fileURLToPath(import.meta.url));
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((file) => specifiers(readFileSync(file, 'utf8')).flatMap((s) => violation(file, s) ?? []));
    expect(problems).toEqual([]);
  });
});
