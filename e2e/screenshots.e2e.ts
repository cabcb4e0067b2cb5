import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { runSql } from './hearken-database.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * The screenshots in docs/screenshots, made from `hearken demo` data (an invented company, no
 * real customer text) at a 1366×768 laptop size. Run with `npm run screenshots`.
 */
const enabled = process.env.HEARKEN_SCREENSHOTS === '1' && requireChromium();
const output = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
const password = 'screenshot password long';
let server: HearkenServer;
let browser: Browser;

beforeAll(async () => {
  if (!enabled) return;
  fs.mkdirSync(output, { recursive: true });
  server = await startHearken({ demo: true });
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Priya Natarajan', 'agent', 'priya@example.com', password);
  await admin.createUser('Tom Becker', 'agent', 'tom@example.com', password);
  await admin.createUser('Grace Okafor', 'lead', 'grace@example.com', password);
  for (const [name, colour] of [
    ['Refund', 'amber'],
    ['Outage', 'red'],
    ['VIP', 'violet'],
    ['Feature request', 'teal'],
  ]) {
    await admin.request('POST', '/api/v1/labels', { name, colour });
  }
  await admin.request('POST', '/api/v1/canned-replies', {
    shortcut: 'hello',
    title: 'Greeting',
    body: 'Hi {{contact.name}}, {{agent.name}} here. I am looking into this now.',
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  await page.locator('.conversation-row').first().waitFor();
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(output, `${name}.png`) });

describe.runIf(enabled)('screenshots', () => {
  it('captures the main screens', async () => {
    const signIn = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn.goto(server.url);
    await signIn.getByLabel('E-mail').waitFor();
    await shot(signIn, 'sign-in');
    await signIn.close();

    const priya = await signedIn('priya@example.com');
    await priya.locator('.conversation-row').nth(1).click();
    await priya.locator('.conversation-header h1').waitFor();
    await priya.getByRole('button', { name: 'Assign to me' }).click();
    await priya.locator('.conversation-row.open', { hasText: 'Priya Natarajan' }).waitFor();
    await priya.getByRole('button', { name: /Add label/ }).click();
    await priya.getByRole('checkbox').first().click();
    await priya.locator('.conversation-header .label-chip').first().waitFor();
    await priya.getByRole('button', { name: /Edit labels/ }).click();
    await priya.getByLabel('Insert a canned reply').selectOption({ label: 'Greeting (/hello)' });
    await priya.waitForFunction(
      () => (document.querySelector('#composer-text') as HTMLTextAreaElement).value.length > 0,
    );
    await shot(priya, 'inbox-conversation');

    const tom = await signedIn('tom@example.com');
    const openId = new URL(priya.url()).pathname.split('/').pop();
    await tom.goto(`${server.url}/conversations/${openId}`);
    await tom.locator('.conversation-header h1').waitFor();
    await tom.locator('#composer-text').fill('Checking the billing system now.');
    await priya.getByTestId('presence').filter({ hasText: 'Tom Becker is typing' }).waitFor();
    await shot(priya, 'collision-presence');
    await tom.getByRole('button', { name: 'Send reply' }).click();
    await tom.locator('.message-outbound', { hasText: 'Checking the billing' }).waitFor();

    await priya.getByRole('button', { name: 'Unassigned', exact: true }).click();
    await priya.getByLabel('Sort by').selectOption('waiting');
    await priya.locator('.conversation-row').first().waitFor();
    await priya.keyboard.press('?');
    await priya.getByRole('dialog').waitFor();
    await shot(priya, 'keyboard-shortcuts');
  });

  it('captures the conversation badges, reports, listening and team settings', async () => {
    const grace = await signedIn('grace@example.com');
    // The demo's angriest conversation: the pipeline raised its priority and says why.
    const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
    const list = await admin.request<{ data: { id: number; priority_reason: string | null }[] }>(
      'GET',
      '/api/v1/conversations?status=open&sort=priority&limit=50',
    );
    const urgent = list.data.find((conversation) => conversation.priority_reason);
    if (urgent) {
      await grace.goto(`${server.url}/conversations/${urgent.id}`);
      await grace.getByTestId('priority-reason').waitFor();
      await grace.getByTestId('message-badges').first().waitFor();
      await grace.getByTestId('message-badges').last().scrollIntoViewIfNeeded();
      await grace
        .getByTestId('message-badges')
        .last()
        .getByRole('button', { name: /negative|neutral|positive/ })
        .click();
      await grace.getByRole('menu').waitFor();
      await shot(grace, 'conversation-classification');
      await grace.keyboard.press('Escape');
    }

    await grace.getByRole('link', { name: 'Reports' }).click();
    await grace.getByLabel('Timezone').selectOption('Australia/Sydney');
    await grace.getByTestId('headline-percent').filter({ hasText: '%' }).waitFor();
    await grace.locator('.card[aria-busy=true]').first().waitFor({ state: 'detached' });
    await shot(grace, 'reports');
    await grace.getByTestId('volume').scrollIntoViewIfNeeded();
    await shot(grace, 'reports-volume');

    await grace.getByRole('link', { name: 'Listening' }).click();
    await grace.getByTestId('themes').locator('tbody tr').first().waitFor();
    await grace.getByLabel('Time range').selectOption('day');
    await grace.locator('.card[aria-busy=true]').first().waitFor({ state: 'detached' });
    await shot(grace, 'listening');
    await grace.getByTestId('themes').scrollIntoViewIfNeeded();
    await shot(grace, 'listening-themes');

    // Billing in Sydney works weekdays with a split shift on Friday and one holiday.
    const teams = await admin.request<{ data: { id: number; name: string }[] }>(
      'GET',
      '/api/v1/teams',
    );
    const billing = teams.data.find((team) => team.name === 'Billing') ?? teams.data[0];
    const weekday = [{ start: '08:00', end: '18:00' }];
    await admin.request('PUT', `/api/v1/teams/${billing?.id}/calendar`, {
      timezone: 'Australia/Sydney',
      weekly: {
        monday: weekday,
        tuesday: weekday,
        wednesday: weekday,
        thursday: weekday,
        friday: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
      exceptions: [{ date: '2026-12-25', name: 'Christmas Day', hours: [] }],
    });
    await grace.getByRole('link', { name: 'Team settings' }).click();
    await grace.getByRole('heading', { name: 'Business hours' }).waitFor();
    await shot(grace, 'team-business-hours');
  });

  it('captures the dead-job screen', async () => {
    // The demo's jobs all succeed, so two invented dead letters stand in for a bad night: an
    // alert webhook whose receiver was down, and an e-mail the SMTP relay kept refusing.
    const died = Date.now() - 3 * 3_600_000;
    for (const [kind, payload, attempts, error] of [
      [
        'alerts.webhook',
        { deliveryId: 41 },
        10,
        'Error: webhook https://hooks.wrenfield.example/hearken answered 502 Bad Gateway',
      ],
      [
        'alerts.email',
        { emailId: 17 },
        6,
        'Error: SMTP 421 4.7.0 mail.wrenfield.example: too many connections, try again later',
      ],
    ] as const) {
      await runSql(
        server,
        `insert into jobs (kind, payload, status, attempts, max_attempts, run_at, last_error,
           created_at, updated_at) values (?, ?, 'dead', ?, ?, ?, ?, ?, ?)`,
        [kind, JSON.stringify(payload), attempts, attempts, died, error, died - 3_600_000, died],
      );
    }
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.url}/admin/jobs`);
    await page.getByLabel('E-mail').fill(server.adminEmail);
    await page.getByLabel('Password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.dead-jobs-table tbody tr').nth(1).waitFor();
    await shot(page, 'dead-jobs');
    await page.close();
  });
});
