import { createHash, randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium } from './browser.js';
import { runSql } from './hearken-database.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * A panel member opens the link e-mailed to them: this browser is signed in as them, says who,
 * and goes on to the consultation; the same link forwarded to someone else signs nobody in.
 * (The link is written straight into the database here: the consultation that sends it is tested
 * with its own e2e.)
 */
const enabled = requireChromium();
let server: HearkenServer;
let browser: Browser;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function participantLink(): Promise<string> {
  const now = Date.now();
  const [organisation] = await runSql(server, 'select id from organisations order by id limit 1');
  const organisationId = Number(organisation?.id);
  await runSql(
    server,
    'insert into contacts (organisation_id, name, merged_into_id, tier, created_at, updated_at) values (?, ?, null, null, ?, ?)',
    [organisationId, 'Priya <b>Panel</b>', now, now],
  );
  const [contact] = await runSql(server, 'select max(id) as id from contacts');
  const token = randomBytes(32).toString('base64url');
  await runSql(
    server,
    `insert into one_time_tokens (organisation_id, purpose, token_hash, user_id, subject_type, subject_id, data, expires_at, bound_to, used_at, created_by_user_id, created_at)
     values (?, 'consultation_access', ?, null, 'contact', ?, ?, ?, null, null, null, ?)`,
    [
      organisationId,
      createHash('sha256').update(token).digest('hex'),
      Number(contact?.id),
      JSON.stringify({ consultationId: 12 }),
      now + 3_600_000,
      now,
    ],
  );
  return `${server.url}/join#token=${token}`;
}

describe.runIf(enabled)('participant sign-in by e-mailed link', () => {
  it('signs this browser in once, shows who, and refuses the forwarded copy', async () => {
    const link = await participantLink();
    const mine = await browser.newContext();
    const page = await mine.newPage();
    await page.goto(link);
    await page.getByText('You are signed in as').waitFor();
    // The name is the contact's text, shown as text.
    expect(await page.locator('strong').first().textContent()).toBe('Priya <b>Panel</b>');
    expect(page.url()).not.toContain('token=');
    const session = await page.evaluate(async () => {
      const answer = await fetch('/api/v1/participant/session');
      return { status: answer.status, body: await answer.json() };
    });
    expect(session.status).toBe(200);
    expect(session.body.scope).toBe('consultation:12');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/take-part\/12$/);

    const forwarded = await browser.newContext();
    const other = await forwarded.newPage();
    await other.goto(link);
    await other.getByRole('alert').waitFor();
    expect(await other.getByRole('alert').textContent()).toContain('ask for a new one');
    const otherSession = await other.evaluate(
      async () => (await fetch('/api/v1/participant/session')).status,
    );
    expect(otherSession).toBe(401);
    await mine.close();
    await forwarded.close();
  });
});
