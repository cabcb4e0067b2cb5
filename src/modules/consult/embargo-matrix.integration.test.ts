import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { caller, day, type Person, person, stanceAnswer } from './consult.test-helper.js';
import { canSeeConsultation } from './embargo.service.js';

/**
 * The embargo as a matrix: every consult route that can reveal a consultation × every kind of
 * person inside and outside each ring, before and after ring 2 opens → 200 (or the route's
 * success status) or 404. Nobody outside an open or closed ring learns the consultation exists.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let call: ReturnType<typeof caller>;
const people: Record<string, Person> = {};
let id: number;
let ring1: number;
let ring2: number;
let version1: number;
let ring1Questions: { id: number; kind: string }[];

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  call = caller(app);
  for (const [name, role] of [
    ['owner', 'lead'],
    ['admin', 'admin'],
    ['agentOutside', 'agent'],
    ['memberRing1', 'member'],
    ['memberNoRing', 'member'],
    ['memberRing2', 'member'],
    ['revoked', 'member'],
  ] as const) {
    people[name] = await person(app, runtime, role);
  }
  const now = Date.now();
  const created = await call(people.owner as Person, 'POST', '/api/v1/consultations', {
    title: 'Embargoed fee',
    text: 'A confidential proposal.',
    rings: [
      {
        name: 'Ring 1',
        audience: { user_ids: [people.memberRing1?.userId, people.revoked?.userId] },
        opens_at: now,
        closes_at: now + day,
      },
      {
        name: 'Ring 2',
        audience: { contact_ids: [people.memberRing2?.contactId] },
        opens_at: now + day,
        closes_at: now + 2 * day,
      },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
  id = created.json().id;
  const detail = (await call(people.owner as Person, 'GET', `/api/v1/consultations/${id}`)).json();
  ring1 = detail.rings[0].id;
  ring2 = detail.rings[1].id;
  version1 = detail.current_version.id;
  ring1Questions = detail.rings[0].questions;
  expect(
    (await call(people.owner as Person, 'POST', `/api/v1/consultations/${id}/rings/${ring1}/open`))
      .statusCode,
  ).toBe(204);
  const revoked = await call(
    people.owner as Person,
    'POST',
    `/api/v1/consultations/${id}/revocations`,
    {
      person_key: `user:${people.revoked?.userId}`,
      reason: 'Left the project',
    },
  );
  expect(revoked.statusCode).toBe(204);
}, 180_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

type Phase = 'ring 2 draft' | 'ring 2 open';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
interface Route {
  name: string;
  method: Method;
  url: () => string;
  body?: () => object;
  /** Who may use it: everyone who sees the consultation, the ring's audience, or its managers. */
  access: 'sees' | 'sees ring 1' | 'answers ring 1' | 'manages';
  ok: number;
}

const routes: Route[] = [
  {
    name: 'consultation',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}`,
    access: 'sees',
    ok: 200,
  },
  {
    name: 'version',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/versions/${version1}`,
    access: 'sees ring 1',
    ok: 200,
  },
  {
    name: 'diff',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/diff?from=${version1}&to=${version1}`,
    access: 'sees ring 1',
    ok: 200,
  },
  {
    name: 'my response',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/rings/${ring1}/response`,
    access: 'sees ring 1',
    ok: 200,
  },
  {
    name: 'answer',
    method: 'PUT',
    url: () => `/api/v1/consultations/${id}/rings/${ring1}/response`,
    body: () => ({
      request_id: `matrix-${Math.random().toString(36).slice(2)}`,
      answers: stanceAnswer(ring1Questions, 'support', 'Fine'),
    }),
    access: 'answers ring 1',
    ok: 200,
  },
  {
    name: 'results',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/results?segment=department`,
    access: 'manages',
    ok: 200,
  },
  {
    name: 'reasons',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/rings/${ring1}/reasons`,
    access: 'manages',
    ok: 200,
  },
  {
    name: 'concerns',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/concerns`,
    access: 'manages',
    ok: 200,
  },
  {
    name: 'views',
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/views`,
    access: 'manages',
    ok: 200,
  },
  {
    name: 'edit',
    method: 'PATCH',
    url: () => `/api/v1/consultations/${id}`,
    body: () => ({ title: 'Embargoed fee' }),
    access: 'manages',
    ok: 204,
  },
  {
    name: 'add concern',
    method: 'POST',
    url: () => `/api/v1/consultations/${id}/concerns`,
    body: () => ({ ring_id: ring1, label: 'Matrix concern' }),
    access: 'manages',
    ok: 201,
  },
  {
    name: 'new version',
    method: 'POST',
    url: () => `/api/v1/consultations/${id}/versions`,
    body: () => ({ text: '' }),
    access: 'manages',
    // An empty text is refused with field errors (400) before anything is looked up: the
    // refusal says nothing about the consultation, so it is the same for everyone.
    ok: 400,
  },
];

/** Whether `who` may use a route of `access` in `phase`. */
function allowed(who: string, access: Route['access'], phase: Phase): boolean {
  const manages = who === 'owner' || who === 'admin';
  if (access === 'manages') return manages;
  if (access === 'answers ring 1') return who === 'memberRing1';
  // Version 1 and ring 1 are seen by ring 1's audience; ring 2 sees only the version it shows.
  if (access === 'sees ring 1') return manages || who === 'memberRing1';
  if (manages || who === 'memberRing1') return true;
  return who === 'memberRing2' && phase === 'ring 2 open';
}

async function checkMatrix(phase: Phase) {
  const failures: string[] = [];
  for (const who of Object.keys(people)) {
    for (const route of routes) {
      const response = await call(people[who] as Person, route.method, route.url(), route.body?.());
      const expected =
        route.name === 'new version' ? 400 : allowed(who, route.access, phase) ? route.ok : 404;
      if (response.statusCode !== expected) {
        failures.push(
          `${phase} · ${who} · ${route.name}: ${response.statusCode} (expected ${expected}) ${response.body.slice(0, 120)}`,
        );
      }
    }
    const list = (await call(people[who] as Person, 'GET', '/api/v1/consultations')).json();
    const listed = list.data.some((entry: { id: number }) => entry.id === id);
    if (listed !== allowed(who, 'sees', phase))
      failures.push(`${phase} · ${who} · list: listed=${listed}`);
  }
  expect(failures).toEqual([]);
}

describe('the embargo matrix', () => {
  it('holds while only ring 1 is open', async () => {
    await checkMatrix('ring 2 draft');
  });

  it('lets ring 2 in once it opens, and only to the versions it shows', async () => {
    const owner = people.owner as Person;
    await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ring1}/close`);
    // Answer every concern so the gate passes (the matrix added some).
    const concerns = (await call(owner, 'GET', `/api/v1/consultations/${id}/concerns`)).json().data;
    for (const concern of concerns) {
      await call(owner, 'PATCH', `/api/v1/consultations/${id}/concerns/${concern.id}`, {
        disposition: 'declined',
        decline_reason: 'matrix',
      });
    }
    const v2 = await call(owner, 'POST', `/api/v1/consultations/${id}/versions`, {
      text: 'A revised proposal.',
    });
    expect(v2.statusCode).toBe(201);
    const gate = await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ring1}/gate`, {
      decision: 'go',
      reason: 'ok',
    });
    expect(gate.statusCode, gate.body).toBe(204);
    // Ring 1 answered version 1; ring 2 sees version 2 only, ring 1 keeps seeing version 1 too.
    const ring2Member = people.memberRing2 as Person;
    const seen = (await call(ring2Member, 'GET', `/api/v1/consultations/${id}`)).json();
    expect(seen.current_version.id).toBe(v2.json().id);
    expect(seen.versions.map((version: { id: number }) => version.id)).toEqual([v2.json().id]);
    expect(
      (await call(ring2Member, 'GET', `/api/v1/consultations/${id}/versions/${version1}`))
        .statusCode,
    ).toBe(404);
    // Ring 1 is closed now: nobody can answer it any more.
    const late = await call(
      people.memberRing1 as Person,
      'PUT',
      `/api/v1/consultations/${id}/rings/${ring1}/response`,
      {
        request_id: 'late-answer-1',
        answers: stanceAnswer(ring1Questions, 'oppose', 'Too late'),
      },
    );
    expect(late.statusCode).toBe(409);
    expect(ring2).toBeGreaterThan(ring1);
  });

  it('holds once ring 2 is open (reading routes)', async () => {
    // The answer route of ring 1 now refuses everyone (closed): check reading routes only.
    const reading = routes.filter((route) => route.method === 'GET');
    const failures: string[] = [];
    for (const who of Object.keys(people)) {
      for (const route of reading) {
        const response = await call(people[who] as Person, route.method, route.url());
        const expected = allowed(who, route.access, 'ring 2 open') ? route.ok : 404;
        if (response.statusCode !== expected)
          failures.push(`${who} · ${route.name}: ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('applies to participant principals the same way (contact, scoped session)', async () => {
    const db = runtime.database.db;
    const consultation = await db
      .selectFrom('consultations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const participant = (contactId: number, scope: string) => ({
      kind: 'participant' as const,
      organisationId: runtime.organisationId,
      contactId,
      scope,
    });
    const inRing2 = people.memberRing2?.contactId as number;
    const outsider = people.memberNoRing?.contactId as number;
    expect(
      (await canSeeConsultation(db, participant(inRing2, `consultation:${id}`), consultation))
        .visible,
    ).toBe(true);
    expect(
      (await canSeeConsultation(db, participant(inRing2, 'portal'), consultation)).visible,
    ).toBe(true);
    // A session scoped to another consultation sees nothing of this one.
    expect(
      (
        await canSeeConsultation(
          db,
          participant(inRing2, `consultation:${id + 1000}`),
          consultation,
        )
      ).visible,
    ).toBe(false);
    expect(
      (await canSeeConsultation(db, participant(outsider, 'portal'), consultation)).visible,
    ).toBe(false);
    // Another organisation's principal never sees it.
    expect(
      (
        await canSeeConsultation(
          db,
          { ...participant(inRing2, 'portal'), organisationId: runtime.organisationId + 1 },
          consultation,
        )
      ).visible,
    ).toBe(false);
  });
});
