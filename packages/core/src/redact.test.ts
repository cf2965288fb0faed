import { describe, expect, it } from 'vitest';
import { collectSecrets, createRedactor } from './redact.js';

describe('redaction', () => {
  it('finds secrets anywhere in connection config and hides them and URL passwords', () => {
    const secrets = collectSecrets({ password: 'hunter2', extra_params: { private_key: 'PEM', token: 'tok' }, credentials_path: '/keys.json', host: 'db' });
    expect([...secrets].sort()).toEqual(['PEM', 'hunter2', 'tok']);
    const redact = createRedactor(secrets);
    expect(redact('auth failed for hunter2 via postgres://bob:s3cret@db/x with tok')).toBe('auth failed for *** via postgres://bob:***@db/x with ***');
  });
});
