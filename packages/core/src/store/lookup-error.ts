import { BaselinrError } from '../errors.js';

/** A run id or dataset the user named is not in the results store: a usage error (exit 2). */
export class StoreLookupError extends BaselinrError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}
