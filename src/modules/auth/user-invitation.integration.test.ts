import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../test/smtp-receiver.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { listAudit } from '../audit/index.js';
import { browser, cookieHeader, signInFrom, type TestBrowser } from './auth.test-helper.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn & { email: string };
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  runtime = await createTestRuntime({ smtpUrl: smtp.url, publicUrl: 'https://hearken.test' });
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
  await smtp.close();
});

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });
const newPassword = 'a brand new passphrase';

function invite(email: string, role = 'agent', who: SignedIn = admin) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/users/invitations',
    headers: as(who),
    payload: { email, name: `Invited ${role}`, role },
  });
}

/** A browser's request about a link; it keeps the cookies it is given, as a browser would. */
async function linkRequest(from: TestBrowser, action: 'open' | 'password', payload: object) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/auth/links/${action}`,
    headers: { cookie: cookieHeader(from) },
    payload,
  });
  for (const cookie of response.cookies) from.cookies.set(cookie.name, cookie.value);
  return response;
}

const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');

async function withoutSmtp<T>(work: () => Promise<T>): Promise<T> {
  const configured = runtime.config.smtpUrl;
  (runtime.config as { smtpUrl: string | undefined }).smtpUrl = undefined;
  try {
    return await work();
  } finally {
    runtime.config.smtpUrl = configured;
  }
}

async function usersByEmail() {
  const answer = await app.inject({ method: 'GET', url: '/api/v1/users', headers: as(admin) });
  expect(answer.statusCode).toBe(200);
  const users = answer.json().data as {
    id: number;
    email: string;
    role: string;
    invitation_pending: boolean;
    locked_until: string | null;
  }[];
  return new Map(users.map((user) => [user.email, user]));
}

describe('invitations', () => {
  it('mails a one-time link that sets a password once, in the browser that opened it', async () => {
    const email = 'new.agent@example.com';
    const invited = await invite(email);
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ emailed: true, link: null, mail_error: null });
    expect((await usersByEmail()).get(email)?.invitation_pending).toBe(true);

    const mail = await smtp.nextTo(email);
    const link = /https:\/\/hearken\.test\/set-password#token=[A-Za-z0-9_-]+/.exec(mail.data)?.[0];
    expect(link).toBeDefined();
    const token = tokenOf(link as string);

    // The invited user cannot sign in before setting a password.
    const stranger = browser('192.0.2.50');
    expect((await signInFrom(app, stranger, email, newPassword)).statusCode).toBe(401);

    const mine = browser('192.0.2.51');
    const opened = await linkRequest(mine, 'open', { token });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ purpose: 'invitation', email, name: 'Invited agent' });

    // Another browser gets nothing from the same link, not even what it is for.
    const other = browser('192.0.2.52');
    expect((await linkRequest(other, 'open', { token })).statusCode).toBe(409);
    const stolen = await linkRequest(other, 'password', { token, password: 'an attacker pass' });
    expect(stolen.statusCode).toBe(409);

    const short = await linkRequest(mine, 'password', { token, password: 'short' });
    expect(short.statusCode).toBe(400);
    const set = await linkRequest(mine, 'password', { token, password: newPassword });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ email });
    expect((await signInFrom(app, mine, email, newPassword)).statusCode).toBe(200);

    // Used once: the same browser cannot use it again.
    const again = await linkRequest(mine, 'password', { token, password: 'yet another pass' });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('link_invalid');
    expect((await usersByEmail()).get(email)?.invitation_pending).toBe(false);

    const id = (await usersByEmail()).get(email)?.id;
    const audit = await listAudit(runtime.database.db, runtime.organisationId, {
      subjectType: 'user',
      subjectId: id,
      limit: 10,
    });
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'user.invitation_accepted',
      'user.invited',
    ]);
    // The audit never holds the link.
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('shows the link once to the admin when no SMTP server is configured', async () => {
    const email = 'no.smtp@example.com';
    const invited = await withoutSmtp(() => invite(email, 'lead'));
    expect(invited.statusCode).toBe(201);
    const body = invited.json();
    expect(body.emailed).toBe(false);
    expect(body.link).toMatch(/^https:\/\/hearken\.test\/set-password#token=/);
    expect(smtp.messages.some((message) => message.to.includes(email))).toBe(false);
    const mine = browser('192.0.2.60');
    const set = await linkRequest(mine, 'password', {
      token: tokenOf(body.link),
      password: newPassword,
    });
    expect(set.statusCode).toBe(200);
  });

  it('refuses a second user with the same e-mail, unknown links, and non-admins', async () => {
    expect((await invite('new.agent@example.com')).statusCode).toBe(409);
    const unknown = await linkRequest(browser('192.0.2.70'), 'open', { token: 'x'.repeat(43) });
    expect(unknown.statusCode).toBe(410);
    const lead = await signIn(app, runtime, 'lead');
    expect((await invite('by.lead@example.com', 'agent', lead)).statusCode).toBe(403);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      headers: as(admin),
      payload: { email: 'not an address', name: 'X', role: 'agent' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('a password link replaces the old one and ends the sessions of the user who uses it', async () => {
    const user = await signIn(app, runtime, 'agent');
    const id = (await usersByEmail()).get(user.email)?.id as number;
    const send = () =>
      withoutSmtp(() =>
        app.inject({
          method: 'POST',
          url: `/api/v1/users/${id}/password-link`,
          headers: as(admin),
        }),
      );
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(200);
    // The user signed in before, so it is a reset, not an invitation.
    expect(second.json().purpose).toBe('password_reset');
    const mine = browser('192.0.2.80');
    const old = await linkRequest(mine, 'open', { token: tokenOf(first.json().link) });
    expect(old.statusCode).toBe(410);
    const set = await linkRequest(mine, 'password', {
      token: tokenOf(second.json().link),
      password: newPassword,
    });
    expect(set.statusCode).toBe(200);
    const session = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: user.cookie },
    });
    expect(session.statusCode).toBe(401);
  });
});

describe('user changes', () => {
  it('changes a role with an audit record, and keeps the last active admin an admin', async () => {
    const agent = await signIn(app, runtime, 'agent');
    const id = (await usersByEmail()).get(agent.email)?.id as number;
    const change = (userId: number, role: string) =>
      app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${userId}`,
        headers: as(admin),
        payload: { role },
      });
    expect((await change(id, 'lead')).statusCode).toBe(204);
    expect((await usersByEmail()).get(agent.email)?.role).toBe('lead');
    const [entry] = await listAudit(runtime.database.db, runtime.organisationId, {
      subjectType: 'user',
      subjectId: id,
      limit: 10,
    });
    expect(entry?.action).toBe('user.updated');
    expect(entry?.changes).toContain('"from":"agent"');

    const adminId = (await usersByEmail()).get(admin.email)?.id as number;
    const others = [...(await usersByEmail()).values()].filter(
      (user) => user.role === 'admin' && user.id !== adminId,
    );
    for (const other of others) expect((await change(other.id, 'agent')).statusCode).toBe(204);
    const demoted = await change(adminId, 'agent');
    expect(demoted.statusCode).toBe(409);
    expect(demoted.json().error.code).toBe('last_admin');
    for (const other of others) expect((await change(other.id, 'admin')).statusCode).toBe(204);
  });

  it('unlocks an account the sign-in throttle holds back', async () => {
    const agent = await signIn(app, runtime, 'agent');
    const id = (await usersByEmail()).get(agent.email)?.id as number;
    // Repeated failures from one address hold the account back there.
    const guesser = browser('198.51.100.7');
    for (let attempt = 0; attempt <= runtime.config.loginMaxFailures; attempt++) {
      await signInFrom(app, guesser, agent.email, 'wrong guess');
    }
    expect((await usersByEmail()).get(agent.email)?.locked_until).not.toBeNull();
    const unlocked = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/unlock`,
      headers: as(admin),
    });
    expect(unlocked.statusCode).toBe(204);
    expect((await usersByEmail()).get(agent.email)?.locked_until).toBeNull();
  });
});
