import fs from 'node:fs';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** CPU seconds (user + system) a process has used so far, or undefined once it is gone. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    return (user + system) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * CPU of a set of processes over a measured interval, read from /proc: a process seen at the
 * start counts from its value then, one that appears later counts from zero (its whole life is
 * part of the run), and one that has exited keeps the last value read (at most one sampling
 * interval is lost).
 */
export class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  /** Records the processes alive when the interval starts. */
  baseline(pids: Iterable<number>): void {
    for (const pid of pids) {
      const cpu = processCpuSeconds(pid);
      if (cpu !== undefined) {
        this.first.set(pid, cpu);
        this.last.set(pid, cpu);
      }
    }
  }

  sample(pids: Iterable<number>): void {
    for (const pid of pids) {
      const cpu = processCpuSeconds(pid);
      if (cpu === undefined) continue;
      if (!this.first.has(pid)) this.first.set(pid, 0);
      this.last.set(pid, cpu);
    }
  }

  seconds(): number {
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? 0);
    return total;
  }

  processes(): number {
    return this.last.size;
  }
}

export interface BackendSample {
  pid: number;
  role: string;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
}

/**
 * Watches the PostgreSQL backends of one benchmark run (told apart by their `application_name`,
 * `<prefix>_<role>`): their CPU from /proc (PostgreSQL runs on this machine) per role, and what
 * the active ones wait on, sampled every `intervalMs`. pg_stat_statements would give the
 * statements' time, but it needs `shared_preload_libraries` and a restart, so /proc it is.
 */
export class BackendWatcher {
  private readonly client: pg.Client;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  readonly cpu = new Map<string, CpuMeter>();
  activeSamples = 0;
  lockSamples = 0;
  readonly waits = new Map<string, number>();
  /** Extra process ids sampled with the backends (the worker processes themselves). */
  readonly clients = new Map<string, CpuMeter>();
  private readonly clientPids = new Map<string, number[]>();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly intervalMs = 100,
  ) {
    this.client = new pg.Client({ connectionString: url, application_name: `${prefix}-watch` });
  }

  async start(): Promise<void> {
    await this.client.connect();
    const first = await this.read();
    for (const sample of first) this.meter(this.cpu, sample.role).baseline([sample.pid]);
    for (const [role, pids] of this.clientPids) this.meter(this.clients, role).baseline(pids);
    const tick = () => {
      this.running = this.sampleOnce()
        .catch(() => undefined)
        .then(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  /** Processes outside PostgreSQL to meter with the backends, by role. */
  watchProcess(role: string, pid: number): void {
    const pids = this.clientPids.get(role) ?? [];
    pids.push(pid);
    this.clientPids.set(role, pids);
    if (this.timer) this.meter(this.clients, role).sample([pid]);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = null;
    if (timer) clearTimeout(timer);
    await this.running;
    await this.sampleOnce();
    await this.client.end();
  }

  backendSeconds(role: string): number {
    return this.cpu.get(role)?.seconds() ?? 0;
  }

  clientSeconds(role: string): number {
    return this.clients.get(role)?.seconds() ?? 0;
  }

  lockWaitShare(): number {
    return this.activeSamples > 0 ? this.lockSamples / this.activeSamples : 0;
  }

  topWaits(count = 5): string {
    return [...this.waits]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([wait, samples]) => `${wait} ${((samples / this.activeSamples) * 100).toFixed(1)}%`)
      .join(', ');
  }

  private async sampleOnce(): Promise<void> {
    const samples = await this.read();
    for (const sample of samples) {
      this.meter(this.cpu, sample.role).sample([sample.pid]);
      if (sample.state !== 'active') continue;
      this.activeSamples++;
      if (sample.waitEventType === 'Lock') this.lockSamples++;
      const wait = sample.waitEventType
        ? `${sample.waitEventType}:${sample.waitEvent}`
        : 'running (no wait)';
      this.waits.set(wait, (this.waits.get(wait) ?? 0) + 1);
    }
    for (const [role, pids] of this.clientPids) this.meter(this.clients, role).sample(pids);
  }

  private async read(): Promise<BackendSample[]> {
    const result = await this.client.query<{
      pid: number;
      application_name: string;
      state: string | null;
      wait_event_type: string | null;
      wait_event: string | null;
    }>(
      `select pid, application_name, state, wait_event_type, wait_event
       from pg_stat_activity where application_name like $1 and pid <> pg_backend_pid()`,
      [`${this.prefix}\\_%`],
    );
    return result.rows.map((row) => ({
      pid: row.pid,
      role: row.application_name.slice(this.prefix.length + 1),
      state: row.state,
      waitEventType: row.wait_event_type,
      waitEvent: row.wait_event,
    }));
  }

  private meter(meters: Map<string, CpuMeter>, role: string): CpuMeter {
    let meter = meters.get(role);
    if (!meter) {
      meter = new CpuMeter();
      meters.set(role, meter);
    }
    return meter;
  }
}
