import { writeFileSync } from 'node:fs';

/**
 * Loaded into a measured Node process with `node --import`: when the process exits, writes its
 * own `process.resourceUsage()` (getrusage(RUSAGE_SELF): every thread of the process, so the
 * SQLite store's worker thread counts too) to the file named by BENCH_RESOURCE_FILE. Node
 * cannot read a child's rusage, and GNU time is not on every machine; this needs nothing.
 */
const target = process.env.BENCH_RESOURCE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ userMicros: usage.userCPUTime, systemMicros: usage.systemCPUTime, maxRssKb: usage.maxRSS }));
  });
}
