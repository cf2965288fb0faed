import { describe, expect, it } from 'vitest';
import { collectSecrets, createRedactor, redactUrlCredentials } from './redact.js';

describe('redaction', () => {
  it('finds secrets anywhere in connection config and hides them and URL passwords', () => {
    const secrets = collectSecrets({ password: 'hunter2', extra_params: { private_key: 'PEM', token: 'tok' }, credentials_path: '/keys.json', host: 'db' });
    expect([...secrets].sort()).toEqual(['PEM', 'hunter2', 'tok']);
    const redact = createRedactor(secrets);
    expect(redact('auth failed for hunter2 via postgres://bob:s3cret@db/x with tok')).toBe('auth failed for *** via postgres://bob:***@db/x with ***');
  });

  it('hides a secret a driver quotes, in connection strings and as a whole token, whatever its quotes', () => {
    const redact = createRedactor(['hunter2']);
    expect(redact('password "hunter2" was rejected')).toBe('password "***" was rejected');
    expect(redact("password 'hunter2'.")).toBe("password '***'.");
    expect(redact('hunter2')).toBe('***');
    expect(redact('Server=db;Database=x;Password=other-value;Uid=bob')).toBe('Server=db;Database=x;Password=***;Uid=bob');
    expect(redact('host=db pwd=zzz user=bob')).toBe('host=db pwd=*** user=bob');
  });

  it('hides a long secret anywhere in an error, inside a path or DSN too', () => {
    const redact = createRedactor(['s3cr3t-pass', 'pw']);
    expect(redact('no database at /tmp/missing-s3cr3t-pass.db')).toBe('no database at /tmp/missing-***.db');
    expect(redact('no database at /tmp/pw/x.db')).toBe('no database at /tmp/pw/x.db');
  });

  it('never rewrites text around a short or common password: only the exact token is hidden', () => {
    for (const password of ['1', 'p', 'postgres', 'main', 'a']) {
      const redact = createRedactor([password]);
      const text = 'connect ECONNREFUSED 127.0.0.1:5432 for adapter-postgres at postgres://db on main.table_1 (100 rows, run 1f2e, pass1)';
      expect(redact(text)).toBe(text);
    }
  });

  it('leaves text without credentials unchanged in the structural URL pass', () => {
    expect(redactUrlCredentials('metrics pushed to http://bob:pw@gw:9091/x')).toBe('metrics pushed to http://bob:***@gw:9091/x');
    const plain = 'run 1 of http://gw:9091 at 12:00 a:b@c';
    expect(redactUrlCredentials(plain)).toBe(plain);
  });
});
