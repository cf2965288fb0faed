import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { PG } from './pg-support.js';

/** The highest figures seen in pg_stat_activity while sampling. */
export interface ActivityPeaks {
  readonly samples: number;
  /** Profiling statements (text naming the test's schema) active at once, across every process. */
  readonly profiling: number;
  /** Connections of any one `baselinr leases <host:pid>` application name (one process's limiter). */
  readonly leaseConnections: number;
  /** Connections of any one `baselinr queue <host:pid>` application name (one process's queue client). */
  readonly queueConnections: number;
}

/**
 * Samples pg_stat_activity on the server, independently of the processes under test, until
 * stopped: how many of their profiling statements run at once, and how many connections each
 * process's limiter and queue client hold.
 */
export class ActivitySampler {
  private readonly client = new pg.Client({ ...PG, application_name: 'activity-sampler' });
  private peaks: ActivityPeaks = { samples: 0, profiling: 0, leaseConnections: 0, queueConnections: 0 };
  private running: Promise<void> | undefined;
  private stopping = false;

  /** `marker` is text every profiling statement contains and nothing else does: the quoted schema. */
  constructor(private readonly marker: string) {}

  async start(intervalMs = 20): Promise<void> {
    await this.client.connect();
    this.running = this.loop(intervalMs);
  }

  async stop(): Promise<ActivityPeaks> {
    this.stopping = true;
    await this.running;
    await this.client.end();
    return this.peaks;
  }

  private async loop(intervalMs: number): Promise<void> {
    while (!this.stopping) {
      const { rows } = await this.client.query<{ application_name: string; connections: number; profiling: number }>(
        `SELECT application_name, count(*)::int AS connections, count(*) FILTER (WHERE state = 'active' AND position($1 in query) > 0)::int AS profiling ` +
          `FROM pg_stat_activity WHERE application_name LIKE 'baselinr %' AND pid <> pg_backend_pid() GROUP BY application_name`,
        [this.marker],
      );
      const per = (prefix: string) => Math.max(0, ...rows.filter((r) => r.application_name.startsWith(prefix)).map((r) => r.connections));
      this.peaks = {
        samples: this.peaks.samples + 1,
        profiling: Math.max(
          this.peaks.profiling,
          rows.reduce((sum, r) => sum + r.profiling, 0),
        ),
        leaseConnections: Math.max(this.peaks.leaseConnections, per('baselinr leases ')),
        queueConnections: Math.max(this.peaks.queueConnections, per('baselinr queue ')),
      };
      await sleep(intervalMs);
    }
  }
}
