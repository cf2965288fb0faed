import type { WarehouseAdapter } from '../adapter/contract.js';
import type { BaselinrConfig } from '../config/schema.js';
import { collectSecrets, createRedactor, type Redactor } from '../redact.js';

/**
 * The secrets of a config: its secret-looking keys from the start, and the keys each resolved
 * adapter declares secret (`secretOptions`) once it is known. `redact` always uses all of them.
 */
export class RunSecrets {
  private readonly adapterKeys = new Set<string>();
  private redactor: Redactor;
  readonly redact: Redactor = (text) => this.redactor(text);

  constructor(private readonly config: BaselinrConfig) {
    this.redactor = this.build();
  }

  learn(adapter: WarehouseAdapter): void {
    for (const key of adapter.secretOptions ?? []) this.adapterKeys.add(key);
    this.redactor = this.build();
  }

  /** Runs `work`, redacting the message of anything it throws: drivers may quote connection details. */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof Error) err.message = this.redact(err.message);
      throw err;
    }
  }

  private build(): Redactor {
    const { source, storage, coordination } = this.config;
    const connections = [source, storage.connection, ...(coordination?.connection ? [coordination.connection] : [])];
    return createRedactor(collectSecrets(connections, [...this.adapterKeys]));
  }
}
