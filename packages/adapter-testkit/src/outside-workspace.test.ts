import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED_FAILURES, TEST_CODE, unbuilt, writeThrowawayPackage } from './test-support/throwaway-package.js';

/** The environment without this vitest run's own variables, which would confuse the nested one. */
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));

describe('the kit from outside the workspace', () => {
  it('a throwaway adapter package in a temp folder, depending on the built packages, runs the kit with under 20 lines of test code, and the kit catches a broken one', () => {
    expect(unbuilt(), 'packages to build first (tsc -p packages/<name>/tsconfig.json)').toEqual([]);
    expect(TEST_CODE.split('\n').filter((line) => line.trim() !== '').length).toBeLessThan(20);
    const dir = writeThrowawayPackage();
    try {
      const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
      expect(install.status, install.stderr).toBe(0);
      const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=json', '--outputFile=report.json'], {
        cwd: dir,
        encoding: 'utf8',
        env: cleanEnv(),
        timeout: 540_000,
      });
      interface Assertion {
        readonly title: string;
        readonly status: string;
        readonly failureMessages: string[];
      }
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { testResults: Array<{ name: string; assertionResults: Assertion[] }> };
      const file = (name: string) => report.testResults.find((f) => f.name.endsWith(name))!.assertionResults;
      const count = (tests: Assertion[], status: string) => tests.filter((a) => a.status === status).length;

      const good = file('conformance.test.js');
      const failures = good.filter((a) => a.status === 'failed').map((a) => `${a.title}: ${a.failureMessages[0]?.slice(0, 300)}`);
      expect(failures, run.stderr.slice(-2000)).toEqual([]);
      expect(count(good, 'passed')).toBeGreaterThan(25);
      // Exactly the three features the throwaway skipped show as skipped.
      expect(count(good, 'pending') + count(good, 'skipped')).toBe(3);

      // The same harness around a broken adapter fails where each mistake shows.
      const broken = file('broken.test.js')
        .filter((a) => a.status === 'failed')
        .map((a) => a.title);
      expect(broken).toEqual(expect.arrayContaining(EXPECTED_FAILURES));
      expect(run.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
