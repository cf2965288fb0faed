import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseConfigText } from './load.js';

/** Any text at all, including astral characters, controls and YAML or `${...}` syntax. */
const anyText = fc.string({ unit: 'grapheme', maxLength: 40 });
const plainText = anyText.filter((s) => !s.includes('${'));

describe('config parsing (property-based)', () => {
  it('any text is a config or a ConfigError naming the problem, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        try {
          parseConfigText(text, { env: {} });
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as ConfigError).problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('any string value round-trips exactly: passwords, names, schemas and patterns', () => {
    fc.assert(
      fc.property(
        plainText,
        plainText.filter((s) => s.length > 0),
        plainText.filter((s) => s.length > 0),
        (password, table, schema) => {
          const text = stringify({
            source: { type: 'postgres', password, schema },
            profiling: {
              tables: [
                { table, schema },
                { pattern: table, schema },
              ],
            },
          });
          const config = parseConfigText(text, { env: {} });
          expect(config.source.password).toBe(password);
          expect(config.source.schema).toBe(schema);
          expect(config.profiling.tables.map((t) => [t.table ?? t.pattern, t.schema])).toEqual([
            [table, schema],
            [table, schema],
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an environment variable is inserted verbatim: never parsed as YAML, never interpolated again', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's ${VAR} syntax, as plain text on purpose.
        const text = 'source: { type: postgres, password: "${PW}", username: "${PW:-fallback}", host: "a${PW}b" }';
        const config = parseConfigText(text, { env: { PW: value } });
        expect(config.source.password).toBe(value);
        expect(config.source.username).toBe(value === '' ? 'fallback' : value);
        expect(config.source.host).toBe(`a${value}b`);
      }),
      { numRuns: 300 },
    );
  });

  it('a secret of the wrong type is reported without its value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000 }), fc.boolean(), (secret, inStorage) => {
        const connection = { type: 'postgres', password: secret };
        const text = stringify(inStorage ? { source: { type: 'sqlite' }, storage: { connection } } : { source: connection });
        let problems: readonly string[] = [];
        try {
          parseConfigText(text, { env: {} });
        } catch (err) {
          problems = (err as ConfigError).problems;
        }
        expect(problems).toEqual([`${inStorage ? 'storage.connection' : 'source'}.password: expected string`]);
      }),
      { numRuns: 100 },
    );
  });
});
