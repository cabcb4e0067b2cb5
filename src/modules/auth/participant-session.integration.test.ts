import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { issueOneTimeToken, revokeParticipantAccess } from './index.js';

/**
 * Participants (customers, partners, panel members) sign in by e-mailed link: once, in the first
 * browser, into one scope; their session opens only the routes that admit participants, and a
 * staff session never passes for one (docs/engagement.md §3-4).
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let contactId: number;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  const now = Date.now();
  const inserted = await runtime.database.db
    .insertInto('contacts')
    .values({
      organisation_id: runtime.organisationId,
      name: 'Priya Panel',
      merged_into_id: null,
      tier: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  contactId = Number(inserted.id);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

async function link(
  purpose: 'consultation_access' | 'portal_sign_in' | 'invitation',
  lifetimeMilliseconds = 60_000,
  data: Record<string, unknown> = { consultationId: 7 },
) {
  return (
    await issueOneTimeToken(runtime.database.db, {
      organisationId: runtime.organisationId,
      purpose,
      lifetimeMilliseconds,
      subject: { type: 'contact', id: contactId },
      data,
    })
  ).token;
}

const cookieOf = (response: LightMyRequestResponse, name: string) =>
  response.cookies.find((cookie) => cookie.name === name)?.value;

async function redeem(token: string, browserCookie?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/participant/links/redeem',
    payload: { token },
    ...(browserCookie ? { headers: { cookie: browserCookie } } : {}),
  });
}

describe('participant sign-in by link', () => {
  it('opens a session scoped to the consultation, once; a forwarded copy signs nobody in', async () => {
    const token = await link('consultation_access');
    const first = await redeem(token);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      contact_id: contactId,
      name: 'Priya Panel',
      scope: 'consultation:7',
    });
    const session = cookieOf(first, 'hearken_participant');
    expect(session).toBeTruthy();
    const cookie = `hearken_participant=${session}`;

    const me = await app.inject({ url: '/api/v1/participant/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().scope).toBe('consultation:7');

    // The same link again, from another browser or this one: used.
    expect((await redeem(token)).statusCode).toBe(410);
    const binding = cookieOf(first, 'hearken_link');
    expect((await redeem(token, `hearken_link=${binding}`)).statusCode).toBe(410);
  });

  it('refuses expired links and links of other purposes with the same answer', async () => {
    expect((await redeem(await link('portal_sign_in', -1))).statusCode).toBe(410);
    expect((await redeem(await link('invitation'))).statusCode).toBe(410);
    expect((await redeem(await link('consultation_access', 60_000, {}))).statusCode).toBe(410);
    expect((await redeem('x'.repeat(43))).statusCode).toBe(410);
  });

  it('a participant session opens no staff route, and a staff session is no participant', async () => {
    const opened = await redeem(await link('portal_sign_in'));
    expect(opened.json().scope).toBe('portal');
    const cookie = `hearken_participant=${cookieOf(opened, 'hearken_participant')}`;
    for (const url of ['/api/v1/conversations', '/api/v1/auth/session', '/api/v1/users']) {
      expect((await app.inject({ url, headers: { cookie } })).statusCode).toBe(401);
    }
    const staff = await signIn(app, runtime, 'admin');
    const asStaff = await app.inject({
      url: '/api/v1/participant/session',
      headers: { cookie: staff.cookie },
    });
    expect(asStaff.statusCode).toBe(401);
  });

  it('signs out only with the CSRF token, and revoking access ends the session', async () => {
    const opened = await redeem(await link('portal_sign_in'));
    const cookie = `hearken_participant=${cookieOf(opened, 'hearken_participant')}`;
    const csrf = opened.json().csrf_token as string;
    const noToken = await app.inject({
      method: 'POST',
      url: '/api/v1/participant/sign-out',
      headers: { cookie },
    });
    expect(noToken.statusCode).toBe(403);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/participant/sign-out',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(
      (await app.inject({ url: '/api/v1/participant/session', headers: { cookie } })).statusCode,
    ).toBe(401);

    const again = await redeem(await link('consultation_access'));
    const cookie2 = `hearken_participant=${cookieOf(again, 'hearken_participant')}`;
    expect(
      await revokeParticipantAccess(
        runtime.database.db,
        runtime.organisationId,
        contactId,
        'consultation:7',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      (await app.inject({ url: '/api/v1/participant/session', headers: { cookie: cookie2 } }))
        .statusCode,
    ).toBe(401);
  });

  it('records each sign-in in the audit log', async () => {
    const rows = await runtime.database.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'action'])
      .where('action', '=', 'participant.signed_in')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(
      rows.every((row) => row.actor_type === 'contact' && Number(row.actor_id) === contactId),
    ).toBe(true);
  });
});
