import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';

/** The inbox search: which conversations it finds, and the snippet that shows why. */
let runtime: TestRuntime;
let app: FastifyInstance;
let agent: SignedIn;
const ids = new Map<string, number>();

interface Row {
  id: number;
  preview: string;
  search_match?: {
    message_id: number;
    private_note: boolean;
    snippet: string;
    matches: { start: number; length: number }[];
  };
}

async function search(q: string): Promise<Row[]> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/conversations?status=open&limit=200&q=${encodeURIComponent(q)}`,
    headers: { cookie: agent.cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

const marked = (row: Row | undefined) =>
  row?.search_match?.matches.map((match) =>
    row.search_match?.snippet.slice(match.start, match.start + match.length),
  );

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  agent = await signIn(app, runtime, 'agent');
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
  const fee = message({
    text: `${'I have banked with you for twenty years and never complained once. '.repeat(3)}Now the new Overdraft Fee is outrageous.`,
    created_at: at(0),
  });
  // The latest message is about something else: the snippet is the one that matched.
  const later = message({
    author: fee.author,
    in_reply_to: fee.external_id,
    text: 'Still waiting for an answer.',
    created_at: at(2),
  });
  const arabic = message({ text: 'الرسوم الجديدة مرتفعة جدا', created_at: at(3) });
  const other = message({ text: 'Where is my parcel?', created_at: at(4) });
  await acceptInbound(
    runtime.database,
    runtime.organisationId,
    [fee, later, arabic, other],
    'test',
  );
  await runtime.worker.drain();
  ids.set('fee', await conversationIdOf(runtime.database.db, fee.external_id));
  ids.set('arabic', await conversationIdOf(runtime.database.db, arabic.external_id));
  ids.set('other', await conversationIdOf(runtime.database.db, other.external_id));
}, 60_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

describe('GET /api/v1/conversations?q=', () => {
  it('returns a snippet around the match of an older message, with the match marked', async () => {
    const rows = await search('overdraft fee');
    expect(rows.map((row) => row.id)).toEqual([ids.get('fee')]);
    const [row] = rows;
    expect(row?.preview).toBe('Still waiting for an answer.');
    expect(row?.search_match?.snippet).toMatch(/^….*Overdraft Fee is outrageous\.$/);
    expect(row?.search_match?.private_note).toBe(false);
    expect(marked(row)).toEqual(['Overdraft Fee']);
  });

  it('finds and marks right-to-left text', async () => {
    const rows = await search('الجديدة');
    expect(rows.map((row) => row.id)).toEqual([ids.get('arabic')]);
    expect(marked(rows[0])).toEqual(['الجديدة']);
  });

  it('has no snippet outside a search, and no rows for a search that finds nothing', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?status=open',
      headers: { cookie: agent.cookie },
    });
    const rows: Row[] = response.json().data;
    expect(rows.length).toBe(3);
    expect(rows.every((row) => row.search_match === undefined)).toBe(true);
    expect(await search('no such words anywhere')).toEqual([]);
  });
});
