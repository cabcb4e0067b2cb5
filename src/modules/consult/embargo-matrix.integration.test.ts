import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../test/http.js';
import { testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { issueOneTimeToken } from '../auth/index.js';
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
/**
 * Contacts signed in by a real `consultation_access` link (participant sessions), each standing
 * in for the staff person whose access they should have (`as`), or for nobody.
 */
const participants: Record<string, SignedIn & { contactId: number; as: string | null }> = {};
let partnerId: number;
let partnerPerson: SignedIn & { contactId: number };
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
  const contacts = {
    ring1: await contact('Ring one contact'),
    ring2: await contact('Ring two contact'),
    outside: await contact('Outside contact'),
    revoked: await contact('Revoked contact'),
    elsewhere: await contact('Elsewhere contact'),
  };
  const partner = await call(people.admin as Person, 'POST', '/api/v1/partners', {
    name: 'Matrix Partner Ltd',
    notice_text: 'Keep this <b>confidential</b>.',
  });
  expect(partner.statusCode, partner.body).toBe(201);
  partnerId = partner.json().id;
  const added = await call(people.admin as Person, 'POST', `/api/v1/partners/${partnerId}/people`, {
    name: 'Pat Partner',
    email: 'pat@partner.example',
  });
  expect(added.statusCode, added.body).toBe(201);
  const partnerContact = added.json().contact_id as number;
  const now = Date.now();
  const created = await call(people.owner as Person, 'POST', '/api/v1/consultations', {
    title: 'Embargoed fee',
    text: 'A confidential proposal.',
    rings: [
      {
        name: 'Ring 1',
        audience: {
          user_ids: [people.memberRing1?.userId, people.revoked?.userId],
          contact_ids: [contacts.ring1, contacts.revoked, contacts.elsewhere],
          partner_organisation_ids: [partnerId],
        },
        opens_at: now,
        closes_at: now + day,
      },
      {
        name: 'Ring 2',
        audience: { contact_ids: [people.memberRing2?.contactId, contacts.ring2] },
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
  const revokedContact = await call(
    people.owner as Person,
    'POST',
    `/api/v1/consultations/${id}/revocations`,
    { person_key: `contact:${contacts.revoked}`, reason: 'Left the project' },
  );
  expect(revokedContact.statusCode).toBe(204);
  for (const [name, contactId, as, consultationId] of [
    ['participantRing1', contacts.ring1, 'memberRing1', id],
    ['participantRing2', contacts.ring2, 'memberRing2', id],
    ['participantOutside', contacts.outside, null, id],
    ['participantRevoked', contacts.revoked, null, id],
    // In ring 1's audience, but signed in for another consultation.
    ['participantElsewhere', contacts.elsewhere, null, id + 1000],
  ] as const) {
    participants[name] = { ...(await participantSession(contactId, consultationId)), as };
  }
  partnerPerson = await participantSession(partnerContact, id);
}, 180_000);

async function contact(name: string): Promise<number> {
  const now = Date.now();
  const row = await runtime.database.db
    .insertInto('contacts')
    .values({
      organisation_id: runtime.organisationId,
      name,
      merged_into_id: null,
      tier: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A participant session as a browser gets it: an e-mailed link, redeemed over HTTP. */
async function participantSession(
  contactId: number,
  consultationId: number,
): Promise<SignedIn & { contactId: number }> {
  const { token } = await issueOneTimeToken(runtime.database.db, {
    organisationId: runtime.organisationId,
    purpose: 'consultation_access',
    lifetimeMilliseconds: day,
    subject: { type: 'contact', id: contactId },
    data: { consultationId },
  });
  const redeemed = await app.inject({
    method: 'POST',
    url: '/api/v1/participant/links/redeem',
    payload: { token },
  });
  expect(redeemed.statusCode, redeemed.body).toBe(200);
  const session = redeemed.cookies.find((cookie) => cookie.name === 'hearken_participant');
  expect(session).toBeTruthy();
  return {
    cookie: `hearken_participant=${session?.value}`,
    csrf: redeemed.json().csrf_token as string,
    contactId,
  };
}
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
  /** The route takes participant sessions too (else a participant is refused with 401). */
  participants?: true;
}

const routes: Route[] = [
  {
    name: 'consultation',
    participants: true,
    method: 'GET',
    url: () => `/api/v1/consultations/${id}`,
    access: 'sees',
    ok: 200,
  },
  {
    name: 'version',
    participants: true,
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/versions/${version1}`,
    access: 'sees ring 1',
    ok: 200,
  },
  {
    name: 'diff',
    participants: true,
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/diff?from=${version1}&to=${version1}`,
    access: 'sees ring 1',
    ok: 200,
  },
  {
    name: 'my response',
    participants: true,
    method: 'GET',
    url: () => `/api/v1/consultations/${id}/rings/${ring1}/response`,
    access: 'sees ring 1',
    ok: 200,
  },
  {
    name: 'answer',
    participants: true,
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
  failures.push(...(await participantFailures(phase, routes)));
  expect(failures).toEqual([]);
}

/**
 * Participant sessions through HTTP: inside a ring they may do what the member in that ring may
 * on the routes open to participants; outside, revoked or scoped to another consultation → 404;
 * staff-only routes refuse every participant (401).
 */
async function participantFailures(phase: Phase, checked: Route[]): Promise<string[]> {
  const failures: string[] = [];
  for (const [who, session] of Object.entries(participants)) {
    for (const route of checked) {
      const response = await call(session, route.method, route.url(), route.body?.());
      const expected = !route.participants
        ? 401
        : session.as !== null && allowed(session.as, route.access, phase)
          ? route.ok
          : 404;
      if (response.statusCode !== expected) {
        failures.push(
          `${phase} · ${who} · ${route.name}: ${response.statusCode} (expected ${expected}) ${response.body.slice(0, 120)}`,
        );
      }
    }
    const list = await call(session, 'GET', '/api/v1/consultations');
    if (list.statusCode !== 401) failures.push(`${phase} · ${who} · list: ${list.statusCode}`);
  }
  return failures;
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
    failures.push(...(await participantFailures('ring 2 open', reading)));
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
    // Only a session scoped to this very consultation sees it; the portal's does not.
    expect(
      (await canSeeConsultation(db, participant(inRing2, 'portal'), consultation)).visible,
    ).toBe(false);
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
      (await canSeeConsultation(db, participant(outsider, `consultation:${id}`), consultation))
        .visible,
    ).toBe(false);
    // Another organisation's principal never sees it.
    expect(
      (
        await canSeeConsultation(
          db,
          {
            ...participant(inRing2, `consultation:${id}`),
            organisationId: runtime.organisationId + 1,
          },
          consultation,
        )
      ).visible,
    ).toBe(false);
  });

  it("shows a partner's person only the notice until they accept it", async () => {
    const before = await call(partnerPerson, 'GET', `/api/v1/consultations/${id}`);
    expect(before.statusCode, before.body).toBe(403);
    expect(before.json().error.code).toBe('notice_not_accepted');
    expect(JSON.stringify(before.json())).not.toContain('Embargoed fee');
    expect(
      (await call(partnerPerson, 'GET', `/api/v1/consultations/${id}/rings/${ring1}/response`))
        .statusCode,
    ).toBe(404);
    const notice = await call(partnerPerson, 'GET', `/api/v1/consultations/${id}/notice`);
    expect(notice.statusCode, notice.body).toBe(200);
    expect(notice.json()).toEqual({
      required: true,
      notice: {
        partner_organisation: { id: partnerId, name: 'Matrix Partner Ltd' },
        text: 'Keep this <b>confidential</b>.',
        version: 1,
      },
    });
    // An outsider has no notice to read: 404, as if the consultation did not exist.
    const outsider = participants.participantOutside as SignedIn;
    expect((await call(outsider, 'GET', `/api/v1/consultations/${id}/notice`)).statusCode).toBe(
      404,
    );
    // An older version than the one in force is refused; the one shown is accepted.
    const stale = await call(partnerPerson, 'POST', `/api/v1/consultations/${id}/notice`, {
      version: 2,
    });
    expect(stale.statusCode).toBe(409);
    const accepted = await call(partnerPerson, 'POST', `/api/v1/consultations/${id}/notice`, {
      version: 1,
    });
    expect(accepted.statusCode, accepted.body).toBe(204);
    const after = await call(partnerPerson, 'GET', `/api/v1/consultations/${id}`);
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().title).toBe('Embargoed fee');
    // Nothing left to accept.
    expect((await call(partnerPerson, 'GET', `/api/v1/consultations/${id}/notice`)).json()).toEqual(
      { required: false, notice: null },
    );
    // Accepting again, with nothing pending, is refused as if there were no notice.
    expect(
      (await call(partnerPerson, 'POST', `/api/v1/consultations/${id}/notice`, { version: 1 }))
        .statusCode,
    ).toBe(404);
    // Changing the notice's text raises its version: the partner must accept again.
    const changed = await call(people.admin as Person, 'PATCH', `/api/v1/partners/${partnerId}`, {
      notice_text: 'New terms.',
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    expect((await call(partnerPerson, 'GET', `/api/v1/consultations/${id}`)).statusCode).toBe(403);
  });
});
