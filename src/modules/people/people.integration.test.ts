import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import {
  acceptConfidentiality,
  attributeValuesOf,
  consentWithdrawalLink,
  contactForEmail,
  ensureContactForUser,
  hasAcceptedConfidentiality,
  hasConsent,
  panelMembers,
  partnerOrganisationOf,
} from './index.js';

/** The people API on the real database: imports, partners, panels, withdrawal, roles. */
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

async function call(who: SignedIn, method: string, url: string, payload?: unknown) {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.body ? response.json() : null };
}

describe('attributes', () => {
  it('declares typed attributes and refuses values and rules that do not fit', async () => {
    const tier = await call(admin, 'POST', '/api/v1/attributes', {
      key: 'tier',
      label: 'Tier',
      type: 'enum',
      options: ['gold', 'silver'],
    });
    expect(tier.status).toBe(201);
    expect(
      (await call(admin, 'POST', '/api/v1/attributes', { key: 'tier', label: 'T', type: 'text' }))
        .status,
    ).toBe(409);
    const bad = await call(admin, 'POST', '/api/v1/attributes', {
      key: 'Bad Key',
      label: 'x',
      type: 'enum',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field: { path: string }) => field.path)).toEqual([
      '/key',
      '/options',
    ]);
    await call(admin, 'POST', '/api/v1/attributes', { key: 'tags', label: 'Tags', type: 'set' });
    await call(admin, 'POST', '/api/v1/attributes', {
      key: 'revenue',
      label: 'Revenue',
      type: 'number',
    });
    const preview = await call(admin, 'POST', '/api/v1/panels/preview', {
      rule: { all: [{ key: 'tier', op: 'gt', value: 'gold' }] },
    });
    expect(preview.status).toBe(400);
    expect(preview.body.error.fields[0].path).toBe('/rule/all/0/op');
  });
});

describe('CSV import of contacts', () => {
  it('reports every row error and imports nothing when any row is wrong', async () => {
    const csv = [
      'email,name,tier,revenue,tags',
      'ann@example.com,Ann,gold,1200,key-account;beta',
      'not-an-email,Bob,silver,10,',
      'cy@example.com,Cy,platinum,ten,',
      'ann@example.com,Ann again,gold,1,',
    ].join('\n');
    const result = await call(admin, 'POST', '/api/v1/people/imports/contacts', { csv });
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe('import_rejected');
    expect(result.body.error.fields).toEqual([
      { path: '/rows/3/email', message: '"not-an-email" is not an e-mail address' },
      { path: '/rows/4/tier', message: '"platinum" is not one of gold, silver' },
      { path: '/rows/4/revenue', message: '"ten" is not a number' },
      { path: '/rows/5/email', message: 'the same address as row 2' },
    ]);
    const contacts = await runtime.database.db
      .selectFrom('contact_identities')
      .select('handle_key')
      .where('handle_key', '=', 'ann@example.com')
      .execute();
    expect(contacts).toEqual([]);
  });

  it('refuses unknown columns unless asked to declare them, then imports with consent', async () => {
    const panel = await call(admin, 'POST', '/api/v1/panels', {
      name: 'Early adopters',
      kind: 'explicit',
    });
    expect(panel.status).toBe(201);
    const csv = [
      'email,name,tier,revenue,tags,shoe_size,consent',
      'ann@example.com,Ann,gold,1200.0,key-account;beta,38,Early adopters',
      'bob@example.com,Bob,silver,10,,44,',
    ].join('\r\n');
    const refused = await call(admin, 'POST', '/api/v1/people/imports/contacts', { csv });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].path).toBe('/rows/1/shoe_size');
    const dry = await call(admin, 'POST', '/api/v1/people/imports/contacts', {
      csv,
      auto_declare: true,
      dry_run: true,
    });
    expect(dry.body).toMatchObject({ imported: false, rows: 2, declared: ['shoe_size'] });
    const done = await call(admin, 'POST', '/api/v1/people/imports/contacts', {
      csv,
      auto_declare: true,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      imported: true,
      contacts_created: 2,
      consents_granted: 1,
      declared: ['shoe_size'],
    });
    const db = runtime.database.db;
    const { contactId: ann } = await withTransaction(runtime.database, (trx) =>
      contactForEmail(trx, runtime.organisationId, 'ANN@example.com', null, Date.now()),
    );
    const values = (await attributeValuesOf(db, runtime.organisationId, [ann])).get(ann);
    expect(values?.get('revenue')).toEqual(['1200']);
    expect(values?.get('tags')).toEqual(['beta', 'key-account']);
    expect(values?.get('shoe_size')).toEqual(['38']);
    expect(
      await hasConsent(db, runtime.organisationId, ann, `panel:${panel.body.id}`, Date.now()),
    ).toBe(true);
  });
});

describe('members', () => {
  it('invites members from CSV as one person with the customer of the same e-mail', async () => {
    await call(admin, 'POST', '/api/v1/teams', { name: 'Billing' });
    const csv = [
      'name,email,department,location,team',
      'Ann Employee,ann@example.com,Finance,Lyon,Billing',
      'Dan New,dan@example.com,Product,Berlin,',
    ].join('\n');
    const wrongTeam = await call(admin, 'POST', '/api/v1/people/imports/members', {
      csv: csv.replace('Billing', 'Nope'),
    });
    expect(wrongTeam.body.error.fields).toEqual([
      { path: '/rows/2/team', message: 'no team "Nope"' },
    ]);
    expect(
      await runtime.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'dan@example.com')
        .execute(),
    ).toEqual([]);

    const result = await call(admin, 'POST', '/api/v1/people/imports/members', { csv });
    expect(result.status).toBe(200);
    expect(result.body.linked_to_existing_contact).toBe(1);
    expect(result.body.invitations).toHaveLength(2);
    expect(result.body.invitations[0].link).toMatch(/\/set-password#token=/);
    const db = runtime.database.db;
    const ann = await db
      .selectFrom('users')
      .select(['id', 'role', 'contact_id'])
      .where('email', '=', 'ann@example.com')
      .executeTakeFirstOrThrow();
    expect(ann.role).toBe('member');
    const annContact = await db
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('organisation_id', '=', runtime.organisationId)
      .where('handle_key', '=', 'ann@example.com')
      .execute();
    // One person: the customer imported above is the contact the member's user is linked to.
    expect(annContact).toHaveLength(1);
    expect(Number(ann.contact_id)).toBe(Number(annContact[0]?.contact_id));
    const values = (
      await attributeValuesOf(db, runtime.organisationId, [Number(ann.contact_id)])
    ).get(Number(ann.contact_id));
    expect(values?.get('department')).toEqual(['Finance']);
    expect(values?.get('tier')).toEqual(['gold']);
    const teams = await db
      .selectFrom('team_members')
      .select('user_id')
      .where('user_id', '=', ann.id)
      .execute();
    expect(teams).toHaveLength(1);
    // The same user asks again: the link is kept.
    const again = await withTransaction(runtime.database, (trx) =>
      ensureContactForUser(trx, runtime.organisationId, Number(ann.id)),
    );
    expect(again).toBe(Number(ann.contact_id));
    const again2 = await call(admin, 'POST', '/api/v1/people/imports/members', { csv });
    expect(again2.body.error.fields[0]).toEqual({
      path: '/rows/2/email',
      message: 'a user with this e-mail already exists',
    });
  });
});

describe('partners', () => {
  it('versions the notice: an acceptance holds until the text changes', async () => {
    const created = await call(admin, 'POST', '/api/v1/partners', {
      name: 'Acme Retail',
      notice_text: 'Keep this to yourself.',
    });
    expect(created.body).toMatchObject({ notice_version: 1, people: 0 });
    const partnerId = created.body.id;
    const person = await call(admin, 'POST', `/api/v1/partners/${partnerId}/people`, {
      name: 'Pat Partner',
      email: 'pat@acme.example',
    });
    expect(person.status).toBe(201);
    const contactId = person.body.contact_id;
    const org = runtime.organisationId;
    const db = runtime.database.db;
    expect(await hasAcceptedConfidentiality(db, org, contactId, partnerId)).toBe(false);
    await withTransaction(runtime.database, (trx) =>
      acceptConfidentiality(trx, {
        organisationId: org,
        contactId,
        partnerOrganisationId: partnerId,
        noticeVersion: 1,
      }),
    );
    expect(await hasAcceptedConfidentiality(db, org, contactId, partnerId)).toBe(true);
    expect((await partnerOrganisationOf(db, org, [contactId])).get(contactId)).toEqual({
      id: partnerId,
      name: 'Acme Retail',
    });
    // A rename is not a new notice; a new text is.
    expect(
      (await call(admin, 'PATCH', `/api/v1/partners/${partnerId}`, { name: 'Acme' })).body
        .notice_version,
    ).toBe(1);
    const changed = await call(admin, 'PATCH', `/api/v1/partners/${partnerId}`, {
      notice_text: 'Keep this to yourself until 1 March.',
    });
    expect(changed.body.notice_version).toBe(2);
    expect(await hasAcceptedConfidentiality(db, org, contactId, partnerId)).toBe(false);
    // Accepting the version shown before the change is refused.
    await expect(
      withTransaction(runtime.database, (trx) =>
        acceptConfidentiality(trx, {
          organisationId: org,
          contactId,
          partnerOrganisationId: partnerId,
          noticeVersion: 1,
        }),
      ),
    ).rejects.toThrow(/notice has changed/);
    const people = await call(admin, 'GET', `/api/v1/partners/${partnerId}/people`);
    expect(people.body.data).toEqual([
      {
        contact_id: contactId,
        name: 'Pat Partner',
        email: 'pat@acme.example',
        accepted_current_notice: false,
      },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'partner_organisation')
      .where('subject_id', '=', partnerId)
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual([
      'partner.created',
      'partner.person_added',
      'partner.changed',
      'partner.changed',
    ]);
  });
});

describe('panels', () => {
  it('counts a rule panel before use and lets in only people who consent', async () => {
    const rule = { all: [{ key: 'tier', op: 'in', value: ['gold', 'silver'] }] };
    const preview = await call(admin, 'POST', '/api/v1/panels/preview', { rule });
    expect(preview.body.count).toBe(2);
    expect(preview.body.sample.map((one: { name: string }) => one.name).sort()).toEqual([
      'Ann',
      'Bob',
    ]);
    const panel = await call(admin, 'POST', '/api/v1/panels', {
      name: 'Key customers',
      kind: 'rule',
      rule,
    });
    const panelId = panel.body.id;
    const org = runtime.organisationId;
    const db = runtime.database.db;
    const [annId, bobId] = preview.body.sample
      .map((one: { id: number }) => one.id)
      .sort((a: number, b: number) => a - b);
    expect(await panelMembers(db, org, panelId, Date.now())).toEqual([]);
    const granted = await call(admin, 'POST', `/api/v1/panels/${panelId}/consents`, {
      contact_ids: [annId, bobId],
      source: 'form',
    });
    expect(granted.body).toEqual({ granted: 2 });
    const afterGrant = Date.now();
    expect(await panelMembers(db, org, panelId, afterGrant)).toEqual([annId, bobId]);
    // The withdrawal must fall after that instant for the question about it to stay answerable.
    while (Date.now() <= afterGrant) await new Promise((resolve) => setTimeout(resolve, 1));
    await call(admin, 'DELETE', `/api/v1/panels/${panelId}/consents/${bobId}`);
    expect(await panelMembers(db, org, panelId, Date.now())).toEqual([annId]);
    // The past stays answerable: at the earlier instant Bob had consented.
    expect(await panelMembers(db, org, panelId, afterGrant)).toEqual([annId, bobId]);
    const detail = await call(admin, 'GET', `/api/v1/panels/${panelId}`);
    expect(detail.body).toMatchObject({ eligible: 2, consenting: 1 });
    // Consent alone does not make a member: someone outside the rule stays out.
    const explicit = await call(admin, 'POST', '/api/v1/panels', {
      name: 'Hand-picked',
      kind: 'explicit',
    });
    await call(admin, 'POST', `/api/v1/panels/${explicit.body.id}/consents`, {
      contact_ids: [bobId],
    });
    expect(await panelMembers(db, org, explicit.body.id, Date.now())).toEqual([]);
    await call(admin, 'POST', `/api/v1/panels/${explicit.body.id}/members`, {
      contact_ids: [bobId, annId],
    });
    expect(await panelMembers(db, org, explicit.body.id, Date.now())).toEqual([bobId]);
  });
});

describe('one-click withdrawal', () => {
  it('withdraws the consent without signing in, once', async () => {
    const org = runtime.organisationId;
    const db = runtime.database.db;
    const panels = await call(admin, 'GET', '/api/v1/panels');
    const panelId = panels.body.data.find(
      (panel: { name: string }) => panel.name === 'Early adopters',
    ).id;
    const { contactId } = await withTransaction(runtime.database, (trx) =>
      contactForEmail(trx, org, 'ann@example.com', null, Date.now()),
    );
    expect(await hasConsent(db, org, contactId, `panel:${panelId}`, Date.now())).toBe(true);
    const link = await withTransaction(runtime.database, (trx) =>
      consentWithdrawalLink(trx, org, contactId, `panel:${panelId}`, runtime.config),
    );
    expect(link).toMatch(/\/withdraw-consent#token=/);
    const token = link.split('#token=')[1] as string;
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/consent-withdrawals',
      payload: { token },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      purpose: `panel:${panelId}`,
      description: 'taking part in the customer panel “Early adopters”',
      withdrawn: true,
    });
    expect(await hasConsent(db, org, contactId, `panel:${panelId}`, Date.now())).toBe(false);
    const second = await app.inject({
      method: 'POST',
      url: '/api/v1/consent-withdrawals',
      payload: { token },
    });
    expect(second.statusCode).toBe(410);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/consent-withdrawals',
      payload: { token: 'x'.repeat(43) },
    });
    expect(wrong.statusCode).toBe(410);
  });
});

describe('roles', () => {
  it('refuses the people administration to members and agents', async () => {
    const member = await signIn(app, runtime, 'member');
    const agent = await signIn(app, runtime, 'agent');
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/v1/attributes'],
      ['POST', '/api/v1/attributes', { key: 'x', label: 'x', type: 'text' }],
      ['POST', '/api/v1/people/imports/contacts', { csv: 'email\na@b.example' }],
      ['POST', '/api/v1/people/imports/members', { csv: 'name,email\nA,a@b.example' }],
      ['GET', '/api/v1/panels'],
      ['POST', '/api/v1/panels/preview', { rule: { all: [{ key: 'channel', op: 'exists' }] } }],
      ['POST', '/api/v1/partners', { name: 'x', notice_text: 'x' }],
    ];
    for (const who of [member, agent]) {
      for (const [method, url, payload] of routes) {
        expect((await call(who, method, url, payload)).status, `${method} ${url}`).toBe(403);
      }
    }
    // A member has no inbox either.
    expect((await call(member, 'GET', '/api/v1/conversations')).status).toBe(403);
    expect((await call(member, 'GET', '/api/v1/people/me')).status).toBe(200);
  });
});
