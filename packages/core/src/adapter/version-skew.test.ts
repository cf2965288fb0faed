import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAdapter } from './resolve.js';
import { findPackageManifest, rangeIncludes, runningCoreVersion, versionSkewWarning } from './version-skew.js';

describe('rangeIncludes', () => {
  it('reads caret ranges as npm does, including below 1.0', () => {
    expect(rangeIncludes('^0.1.0', '0.1.0')).toBe(true);
    expect(rangeIncludes('^0.1.0', '0.1.9')).toBe(true);
    expect(rangeIncludes('^0.1.0', '0.2.0')).toBe(false);
    expect(rangeIncludes('^0.1.3', '0.1.2')).toBe(false);
    expect(rangeIncludes('^0.0.3', '0.0.4')).toBe(false);
    expect(rangeIncludes('^1.2.3', '1.9.0')).toBe(true);
    expect(rangeIncludes('^1.2.3', '2.0.0')).toBe(false);
  });

  it('reads tilde, comparators, alternatives, stars and workspace ranges', () => {
    expect(rangeIncludes('~1.2.3', '1.2.9')).toBe(true);
    expect(rangeIncludes('~1.2.3', '1.3.0')).toBe(false);
    expect(rangeIncludes('>=0.1.0 <0.3.0', '0.2.5')).toBe(true);
    expect(rangeIncludes('>=0.1.0 <0.3.0', '0.3.0')).toBe(false);
    expect(rangeIncludes('^0.1.0 || ^0.2.0', '0.2.1')).toBe(true);
    expect(rangeIncludes('*', '5.0.0')).toBe(true);
    expect(rangeIncludes('workspace:^', '9.9.9')).toBe(true);
    expect(rangeIncludes('workspace:^0.2.0', '0.1.0')).toBe(false);
    expect(rangeIncludes('0.1.0', '0.1.0-beta.1')).toBe(true);
  });

  it('does not guess at syntax it does not read', () => {
    expect(rangeIncludes('1.0.0 - 2.0.0', '1.5.0')).toBeUndefined();
    expect(rangeIncludes('1.x', '1.5.0')).toBeUndefined();
  });
});

describe('versionSkewWarning', () => {
  it('names the package, its range, the running core and what to do', () => {
    const message = versionSkewWarning({ name: 'baselinr-adapter-duck', version: '2.0.0', peerDependencies: { '@baselinr/core': '^0.2.0' } }, '0.1.0');
    expect(message).toBe(
      'baselinr-adapter-duck@2.0.0 is made for @baselinr/core ^0.2.0 (its peerDependencies), but @baselinr/core 0.1.0 is running; ' +
        'install a release of baselinr-adapter-duck made for core 0.1.0, or upgrade baselinr to a release whose core is within ^0.2.0',
    );
  });

  it('is silent when the range includes the core, or there is no range to compare', () => {
    expect(versionSkewWarning({ name: 'a', peerDependencies: { '@baselinr/core': '^0.1.0' } }, '0.1.4')).toBeUndefined();
    expect(versionSkewWarning({ name: 'a' }, '0.1.0')).toBeUndefined();
  });
});

describe('findPackageManifest', () => {
  it('finds a package in node_modules of the directory or any parent, scoped names included', () => {
    const root = mkdtempSync(join(tmpdir(), 'baselinr-skew-'));
    try {
      mkdirSync(join(root, 'node_modules', '@acme', 'adapter'), { recursive: true });
      writeFileSync(join(root, 'node_modules', '@acme', 'adapter', 'package.json'), JSON.stringify({ name: '@acme/adapter', version: '1.0.0' }));
      mkdirSync(join(root, 'project', 'sub'), { recursive: true });
      expect(findPackageManifest('@acme/adapter', [join(root, 'project', 'sub')])).toMatchObject({ version: '1.0.0' });
      expect(findPackageManifest('@acme/other', [join(root, 'project')])).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('knows the running core version from its own manifest', () => {
    expect(runningCoreVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('resolveAdapter warns about version skew', () => {
  it('says once when the package it loaded from the project is made for another core', async () => {
    const project = mkdtempSync(join(tmpdir(), 'baselinr-skew-project-'));
    try {
      const dir = join(project, 'node_modules', 'baselinr-adapter-skewed');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'baselinr-adapter-skewed', version: '3.0.0', type: 'module', main: 'index.js', peerDependencies: { '@baselinr/core': '^99.0.0' } }),
      );
      writeFileSync(
        join(dir, 'index.js'),
        `export const adapter = { type: 'skewed', limits: () => ({ recommended: { min: 1, max: 1 }, pool: { kind: 'in-flight', reason: 'x' } }), connect: async () => ({}) };`,
      );
      const warnings: string[] = [];
      for (let i = 0; i < 2; i++) await resolveAdapter({ type: 'skewed' }, { cwd: project, onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([
        expect.stringContaining(`baselinr-adapter-skewed@3.0.0 is made for @baselinr/core ^99.0.0 (its peerDependencies), but @baselinr/core ${runningCoreVersion()} is running`),
      ]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
