import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ZetaSQLClient } from '@fivetrandevelopers/zetasql';
import type { QueryParameter } from '../../rest-types.js';
import { catalogProto, typeProto, type DatasetDeclaration } from './catalog-proto.js';

/**
 * Google's ZetaSQL analyzer (the open-source front end of BigQuery's SQL), run from the binary that
 * `@fivetrandevelopers/zetasql` ships, as a local gRPC server on loopback. A statement is accepted
 * only when it parses, every name resolves against the declared catalog and every function
 * signature and literal type-checks, as BigQuery would check it before running anything.
 */
export interface SqlAnalyzer {
  /** Undefined when the statement is valid GoogleSQL against the catalog, else the analyzer's message. */
  check(sql: string, params?: readonly QueryParameter[]): Promise<string | undefined>;
  close(): void;
}

/** The server starts in well under a second; a slow shared machine gets much longer. */
const START_TIMEOUT_MS = 30_000;

/** The package's own naming of its binaries: `_arm` on arm, `.so` on Linux. */
function serverBinary(): string {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(`@fivetrandevelopers/zetasql ships its analyzer for Linux and macOS only, not ${process.platform}`);
  }
  const lib = dirname(createRequire(import.meta.url).resolve('@fivetrandevelopers/zetasql'));
  const extension = (process.arch.startsWith('arm') ? '_arm' : '') + (process.platform === 'darwin' ? '' : '.so');
  return join(lib, 'zetasql', `remote_server${extension}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** Resolves once the server says it listens; rejects when it exits first or says nothing in time. */
function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the ZetaSQL server did not start within ${START_TIMEOUT_MS} ms: ${output}`)), START_TIMEOUT_MS);
    const done = (err?: Error) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server listening')) done();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (err) => done(new Error(`cannot start the ZetaSQL server: ${err.message}`)));
    child.once('exit', (code) => done(new Error(`the ZetaSQL server exited (code ${code}) before listening: ${output}`)));
  });
}

/** Starts the analyzer and registers the catalog every statement is resolved against. */
export async function startAnalyzer(project: string, datasets: readonly DatasetDeclaration[]): Promise<SqlAnalyzer> {
  const port = await freePort();
  // The server binds the name it is given; localhost is what the package's client dials.
  const child = spawn(serverBinary(), ['localhost', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A test process that dies without afterAll must not leave the server running.
  const stop = () => void child.kill('SIGKILL');
  process.once('exit', stop);
  try {
    await listening(child);
    ZetaSQLClient.init(port);
    const client = ZetaSQLClient.getInstance();
    // Every released feature, in the external product mode BigQuery uses (no INT32, UINT64, protos...).
    const languageOptions = { ...(await client.getLanguageOptions({ maximumFeatures: true })), productMode: 'PRODUCT_EXTERNAL' as const };
    const registered = await client.registerCatalog({ simpleCatalog: catalogProto(project, datasets, languageOptions) });
    if (!registered) throw new Error('the ZetaSQL server registered no catalog');
    return {
      async check(sql, params = []) {
        try {
          await client.analyze({
            registeredCatalogId: registered.registeredId,
            sqlStatement: sql,
            options: { languageOptions, queryParameters: params.map((p) => ({ name: p.name, type: typeProto(parameterType(p)) })) },
          });
          return undefined;
        } catch (err) {
          const { details, message } = err as { details?: string; message?: string };
          return details ?? message ?? String(err);
        }
      },
      close: () => {
        process.off('exit', stop);
        stop();
      },
    };
  } catch (err) {
    stop();
    throw err;
  }
}

/** A REST query parameter's type (`ARRAY` of `STRING`) as GoogleSQL spells it (`ARRAY<STRING>`). */
function parameterType(param: QueryParameter): string {
  const { type, arrayType } = param.parameterType;
  return type === 'ARRAY' && arrayType ? `ARRAY<${arrayType.type}>` : type;
}
