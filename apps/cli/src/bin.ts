#!/usr/bin/env node
import { runCli } from './program.js';

// The first Ctrl+C stops intake and cancels running statements; a second one exits at once.
const controller = new AbortController();
const interrupt = () => {
  if (controller.signal.aborted) process.exit(130);
  process.stderr.write('\ninterrupt: stopping; profile cancels its running statements, worker finishes its current tables (Ctrl+C again to exit now)\n');
  controller.abort();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
// A closed terminal (SIGHUP) stops the run like SIGTERM rather than killing the process with
// statements left running and the run summary left `running`. Output to the vanished terminal
// fails from then on (EIO, EPIPE); that must not crash the orderly stop.
process.on('SIGHUP', () => {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  interrupt();
});

process.exitCode = await runCli(process.argv.slice(2), undefined, controller.signal);
