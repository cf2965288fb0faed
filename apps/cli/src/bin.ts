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

process.exitCode = await runCli(process.argv.slice(2), undefined, controller.signal);
