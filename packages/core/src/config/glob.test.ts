import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesTrailingSegments } from './glob.js';

describe("dataset files' glob patterns, as pathlib reads them", () => {
  it('keeps * and ? inside one folder; a **/ spans any number of folders, none included', () => {
    expect(globToRegExp('*.yml').test('a.yml')).toBe(true);
    expect(globToRegExp('*.yml').test('sub/a.yml')).toBe(false);
    expect(globToRegExp('**/*.yml').test('a.yml')).toBe(true);
    expect(globToRegExp('**/*.yml').test('x/y/a.yml')).toBe(true);
    expect(globToRegExp('**/*.yml').test('x/y/a.yaml')).toBe(false);
    expect(globToRegExp('d?.yml').test('d1.yml')).toBe(true);
    expect(globToRegExp('[!a]*.yml').test('a1.yml')).toBe(false);
    expect(globToRegExp('[ab]*.yml').test('b1.yml')).toBe(true);
    // Regular-expression characters are literal.
    expect(globToRegExp('a+(b).yml').test('a+(b).yml')).toBe(true);
    expect(globToRegExp('a.yml').test('aXyml')).toBe(false);
  });

  it('matches exclusions against the last path segments, ** counting as one', () => {
    expect(matchesTrailingSegments('sub/c.backup.yml', '*.backup.yml')).toBe(true);
    expect(matchesTrailingSegments('old/a.yml', 'old/*.yml')).toBe(true);
    expect(matchesTrailingSegments('x/old/a.yml', 'old/*.yml')).toBe(true);
    expect(matchesTrailingSegments('new/a.yml', 'old/*.yml')).toBe(false);
    expect(matchesTrailingSegments('a.yml', 'old/*.yml')).toBe(false);
    expect(matchesTrailingSegments('x/templates/t.yml', '**/templates/**')).toBe(true);
  });
});
