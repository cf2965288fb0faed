import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Io } from './io.js';

/**
 * Lines written to a temporary file beside `path`, renamed to it by `commit`: a reader never sees
 * half a file, and a run that fails leaves none (`discard`).
 */
export class FileLines {
  private readonly temporary: string;
  readonly io: Io;

  constructor(private readonly path: string) {
    this.temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    const write = (text: string) => this.write(text.endsWith('\n') ? text : `${text}\n`);
    this.io = { out: write, err: write };
    try {
      writeFileSync(this.temporary, '');
    } catch (err) {
      throw new Error(`cannot write ${this.path}: ${(err as Error).message}`);
    }
  }

  commit(): void {
    try {
      renameSync(this.temporary, this.path);
    } catch (err) {
      this.discard();
      throw new Error(`cannot write ${this.path}: ${(err as Error).message}`);
    }
  }

  discard(): void {
    rmSync(this.temporary, { force: true });
  }

  private write(text: string): void {
    try {
      appendFileSync(this.temporary, text, 'utf8');
    } catch (err) {
      throw new Error(`cannot write ${this.path}: ${(err as Error).message}`);
    }
  }
}
