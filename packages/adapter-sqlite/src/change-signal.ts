import { open } from 'node:fs/promises';
import type { ChangeSignal } from '@baselinr/core';

/** The first 100 bytes of a SQLite file: its header. */
const HEADER_BYTES = 100;

/**
 * A SQLite file's change signal, shared by all its tables: the header's file change counter
 * (bytes 24-27), which SQLite increments in every transaction that writes the file in rollback-
 * journal mode, DDL included. It does not say which table changed, so a write to any table
 * profiles all of the file's tables again. In WAL mode (write version 2, byte 18) commits go to
 * the -wal file and the counter may stay put, and an in-memory database has no file: both unknown.
 */
export async function fileChangeSignal(path: string): Promise<ChangeSignal> {
  if (path === '' || path === ':memory:') return { token: null, unknown: 'an in-memory or temporary SQLite database has no file to read a change counter from' };
  const header = Buffer.alloc(HEADER_BYTES);
  const file = await open(path, 'r');
  try {
    const { bytesRead } = await file.read(header, 0, HEADER_BYTES, 0);
    // An empty file is a database nothing was ever written to: no counter yet.
    if (bytesRead < HEADER_BYTES) return { token: null, unknown: `${path} has no SQLite header yet` };
  } finally {
    await file.close();
  }
  if (header.readUInt8(18) === 2)
    return { token: null, unknown: 'SQLite in WAL mode does not count commits in the file header; set journal_mode to DELETE (or TRUNCATE) to skip unchanged tables' };
  return { token: `sqlite-file-change-counter:${header.readUInt32BE(24)}` };
}
