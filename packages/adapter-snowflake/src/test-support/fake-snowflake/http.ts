import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';

/** The request body as JSON. snowflake-sdk gzips bodies, and labels them `Content-Encoding: gzip` only sometimes, so the gzip magic bytes decide. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  let body = Buffer.concat(parts);
  if (body.length === 0) return {};
  if (body[0] === 0x1f && body[1] === 0x8b) body = gunzipSync(body);
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A result chunk as cloud storage serves it: gzipped rows, not JSON-labelled. */
export function sendChunk(res: ServerResponse, rowsText: string): void {
  const body = gzipSync(Buffer.from(rowsText, 'utf8'));
  res.writeHead(200, { 'Content-Type': 'binary/octet-stream', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
  res.end(body);
}

/** `Authorization: Snowflake Token="..."`, the header every authenticated request carries. */
export function tokenOf(req: IncomingMessage): string | undefined {
  const match = /^Snowflake Token="([^"]*)"$/.exec(req.headers.authorization ?? '');
  return match?.[1];
}
