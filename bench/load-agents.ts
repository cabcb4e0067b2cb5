import { BenchRandom } from './bench-random.js';
import type { MessageGenerator } from './message-generator.js';

/** One kind of request and its latencies in milliseconds. */
export class Latencies {
  readonly samples: number[] = [];
  errors = 0;

  add(milliseconds: number): void {
    this.samples.push(milliseconds);
  }

  percentile(share: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
  }

  max(): number {
    return this.samples.reduce((a, b) => Math.max(a, b), 0);
  }
}

export type RequestKind = 'list' | 'search' | 'detail' | 'report';
export const requestKinds: RequestKind[] = ['list', 'search', 'detail', 'report'];

export interface AgentSession {
  email: string;
  userId: number;
  /** Leads read reports; agents do not have that permission. */
  readsReports: boolean;
  cookie: string;
}

export async function signInAgent(
  url: string,
  email: string,
  password: string,
): Promise<AgentSession> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email}: ${response.status}`);
  const cookie = (response.headers.getSetCookie?.() ?? [])
    .map((entry) => entry.split(';')[0] as string)
    .find((entry) => entry.startsWith('hearken_session='));
  if (!cookie) throw new Error(`sign-in of ${email}: no session cookie`);
  const body = (await response.json()) as { user: { id: number; permissions: string[] } };
  return {
    email,
    userId: body.user.id,
    readsReports: body.user.permissions.includes('reports:read'),
    cookie,
  };
}

const sorts = ['last_activity', 'last_activity', 'last_activity', 'priority', 'waiting'];
const moods = [undefined, undefined, undefined, 'negative', 'angry'];
const searchWords = ['refund', 'delayed', 'card', 'flight', 'order', 'app'];

/** The inbox's list queries as the web app asks them (inbox-filters.ts): views, filters, sorts. */
function listQuery(random: BenchRandom, session: AgentSession, teamIds: number[]): string {
  const query = new URLSearchParams({ status: 'open', limit: '50' });
  const view = random.pick(['all', 'all', 'mine', 'unassigned', 'teams', 'breaching']);
  if (view === 'mine') query.set('assignee_id', String(session.userId));
  if (view === 'unassigned') query.set('unassigned', 'true');
  if (view === 'teams' && teamIds.length > 0) query.set('team_id', String(random.pick(teamIds)));
  if (view === 'breaching') {
    query.set('sort', 'sla_due');
    query.set('sla_due_within_minutes', '60');
  } else {
    query.set('sort', random.pick(sorts));
  }
  const mood = random.pick(moods);
  if (mood === 'angry') query.set('angry', 'true');
  else if (mood) query.set('sentiment', mood);
  return `/api/v1/conversations?${query}`;
}

function reportPath(random: BenchRandom, from: string): string {
  const kind = random.pick([
    `sla-attainment?group_by=team&target_seconds=3600&from=${from}`,
    `sla-attainment?group_by=organisation&period=week&tz=UTC&from=${from}`,
    `response-times?group_by=team&from=${from}`,
    `volume?tz=UTC&from=${from}`,
    'backlog',
  ]);
  return `/api/v1/reports/${kind}`;
}

export interface AgentLoadOptions {
  url: string;
  sessions: AgentSession[];
  teamIds: number[];
  until: number;
  thinkMilliseconds: number;
  seed: number;
}

/**
 * Each agent loops until `until`: waits a think time (exponential around the mean, so the
 * agents do not march in step), then asks for a list (55%), a text search (5%), the detail of a
 * conversation it saw in a list (25%) or, for leads, a report (15%; agents list instead). Latency is measured from sending to the
 * end of the body.
 */
export async function runAgents(options: AgentLoadOptions): Promise<Map<RequestKind, Latencies>> {
  const figures = new Map<RequestKind, Latencies>(
    requestKinds.map((kind) => [kind, new Latencies()]),
  );
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await Promise.all(
    options.sessions.map(async (session, index) => {
      const random = new BenchRandom(options.seed * 1000 + index);
      const seen: number[] = [];
      // Start spread over one think time, as agents do not all click at once.
      await sleep(random.next() * options.thinkMilliseconds);
      while (Date.now() < options.until) {
        const roll = random.next();
        let kind: RequestKind;
        let path: string;
        if (roll < 0.55 || (roll < 0.85 && roll >= 0.6 && seen.length === 0)) {
          kind = 'list';
          path = listQuery(random, session, options.teamIds);
        } else if (roll < 0.6) {
          kind = 'search';
          path = `/api/v1/conversations?q=${random.pick(searchWords)}&limit=50`;
        } else if (roll < 0.85) {
          kind = 'detail';
          path = `/api/v1/conversations/${random.pick(seen)}`;
        } else if (!session.readsReports) {
          kind = 'list';
          path = listQuery(random, session, options.teamIds);
        } else {
          kind = 'report';
          path = reportPath(random, from);
        }
        const latencies = figures.get(kind) as Latencies;
        const started = performance.now();
        try {
          const response = await fetch(`${options.url}${path}`, {
            headers: { cookie: session.cookie },
          });
          const body = await response.text();
          latencies.add(performance.now() - started);
          if (response.status !== 200) {
            latencies.errors++;
          } else if (kind === 'list') {
            const ids = (JSON.parse(body) as { data: { id: number }[] }).data.map((row) => row.id);
            seen.splice(0, seen.length, ...ids.slice(0, 20));
          }
        } catch {
          latencies.errors++;
        }
        await sleep(random.exponential(options.thinkMilliseconds));
      }
    }),
  );
  return figures;
}

export interface IngestLoadOptions {
  url: string;
  token: string;
  generator: MessageGenerator;
  until: number;
  messagesPerSecond: number;
  batchSize: number;
}

export interface IngestLoadFigures {
  accepted: number;
  batches: number;
  failedBatches: number;
  postLatencies: Latencies;
}

/**
 * A channel delivering at a steady rate: one batch POSTed to /api/v1/inbound every
 * batchSize / rate seconds (a late batch is sent at once, never skipped).
 */
export async function runIngestLoad(options: IngestLoadOptions): Promise<IngestLoadFigures> {
  const figures: IngestLoadFigures = {
    accepted: 0,
    batches: 0,
    failedBatches: 0,
    postLatencies: new Latencies(),
  };
  const interval = (options.batchSize / options.messagesPerSecond) * 1000;
  let next = Date.now();
  while (next < options.until) {
    await sleep(next - Date.now());
    next += interval;
    const batch = options.generator.generate(options.batchSize).deliveries;
    const started = performance.now();
    try {
      const response = await fetch(`${options.url}/api/v1/inbound`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.token}`,
        },
        body: JSON.stringify({ messages: batch }),
      });
      const result = (await response.json()) as { accepted?: number };
      figures.postLatencies.add(performance.now() - started);
      figures.batches++;
      if (response.status !== 202) figures.failedBatches++;
      figures.accepted += Number(result.accepted ?? 0);
    } catch {
      figures.failedBatches++;
    }
  }
  return figures;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));
}
