/**
 * Whether this process burned at least a fifth of a core over the next `windowMs`. DuckDB runs
 * inside the process and has no list of running queries to ask; a statement that keeps DuckDB's
 * threads busy shows here, and one that was really stopped (not merely abandoned) does not. A
 * fifth, not more: on a machine shared with other test processes a busy statement may get little
 * more than that, while a stopped one uses next to nothing.
 */
export async function cpuBusy(windowMs = 250): Promise<boolean> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 >= windowMs * 0.2;
}
