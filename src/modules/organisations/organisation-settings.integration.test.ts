import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { listAudit } from '../audit/index.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const change = (who: SignedIn, payload: object) =>
  app.inject({
    method: 'PATCH',
    url: '/api/v1/organisation',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    payload,
  });

describe('organisation settings', () => {
  it('changes the name, timezone and language with an audit record; everyone can read them', async () => {
    const changed = await change(admin, {
      name: 'Acme Bank',
      timezone: 'Europe/Berlin',
      language: 'pt-br',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({
      name: 'Acme Bank',
      timezone: 'Europe/Berlin',
      language: 'pt-BR',
      logo_url: null,
      brand_colour: '#1f5fa8',
    });
    const agent = await signIn(app, runtime, 'agent');
    const read = await app.inject({
      method: 'GET',
      url: '/api/v1/organisation',
      headers: { cookie: agent.cookie },
    });
    expect(read.json()).toEqual(changed.json());
    const [entry] = await listAudit(runtime.database.db, runtime.organisationId, {
      subjectType: 'organisation',
      limit: 5,
    });
    expect(entry?.action).toBe('organisation.updated');
    expect(JSON.parse(entry?.changes ?? '{}')).toMatchObject({
      name: { to: 'Acme Bank' },
      timezone: { from: null, to: 'Europe/Berlin' },
    });
    // Nothing changed, nothing audited.
    expect((await change(admin, { name: 'Acme Bank' })).statusCode).toBe(200);
    const entries = await listAudit(runtime.database.db, runtime.organisationId, {
      subjectType: 'organisation',
      limit: 5,
    });
    expect(entries).toHaveLength(1);
  });

  it("keeps the portal's branding: an https logo and a #rrggbb colour", async () => {
    const branded = await change(admin, {
      logo_url: 'https://cdn.example.com/logo.png',
      brand_colour: '#0a7d4f',
    });
    expect(branded.statusCode, branded.body).toBe(200);
    expect(branded.json()).toMatchObject({
      logo_url: 'https://cdn.example.com/logo.png',
      brand_colour: '#0a7d4f',
    });
    for (const bad of [
      { logo_url: 'javascript:alert(1)' },
      { logo_url: 'http://insecure.example.com/logo.png' },
      { logo_url: 'https://x.example.com/"onerror="alert(1)' },
      { brand_colour: 'red;background:url(x)' },
    ]) {
      expect((await change(admin, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await change(admin, { logo_url: null })).json().logo_url).toBeNull();
  });

  it('refuses unknown timezones and languages, and non-admins', async () => {
    expect((await change(admin, { timezone: 'Mars/Olympus' })).statusCode).toBe(400);
    expect((await change(admin, { language: 'not a tag' })).statusCode).toBe(400);
    expect((await change(admin, { language: 'xx-123456789' })).statusCode).toBe(400);
    expect((await change(admin, {})).statusCode).toBe(400);
    const lead = await signIn(app, runtime, 'lead');
    expect((await change(lead, { name: 'Taken over' })).statusCode).toBe(403);
  });
});
