import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { runSql } from './hearken-database.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * The screenshots in docs/screenshots, made from `hearken demo` data (an invented company, no
 * real customer text) at a 1366×768 laptop size and a 390×844 phone size, signed in as the
 * demo's own people. Run with `npm run screenshots`.
 */
const enabled = process.env.HEARKEN_SCREENSHOTS === '1' && requireChromium();
const output = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
const laptop = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };
let server: HearkenServer;
let browser: Browser;
/** The demo's users and the passwords `hearken demo` printed once. */
const passwords = new Map<string, string>();

beforeAll(async () => {
  if (!enabled) return;
  fs.mkdirSync(output, { recursive: true });
  server = await startHearken({ demo: true });
  for (const match of server.demoOutput.matchAll(/(\S+@wrenfield\.example)\s+(\S+)$/gm)) {
    passwords.set(match[1] as string, match[2] as string);
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(
  email: string,
  viewport: { width: number; height: number } = laptop,
  path = '/?view=mine',
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    timezoneId: 'Australia/Sydney',
    hasTouch: viewport === phone,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(passwords.get(email) ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(output, `${name}.png`) });

const pathOf = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

describe.runIf(enabled)('screenshots', () => {
  it('captures the main screens, on a laptop and on a phone', async () => {
    expect(passwords.size).toBe(9);
    for (const [name, viewport] of [
      ['sign-in', laptop],
      ['phone-sign-in', phone],
    ] as const) {
      const context = await browser.newContext({ viewport });
      const signIn = await context.newPage();
      await signIn.goto(server.url);
      await signIn.getByLabel('E-mail').waitFor();
      await shot(signIn, name);
      await context.close();
    }

    // Marcus and Hannah answer for the Social team; the demo gave each some conversations.
    const marcus = await signedIn('marcus.bell@wrenfield.example');
    await marcus.locator('.conversation-row').first().click();
    await marcus.locator('.conversation-header h1').waitFor();
    await marcus.getByTestId('message-badges').first().waitFor();
    await marcus
      .getByLabel('Insert a canned reply')
      .selectOption({ label: 'The new account fee (/fee)' });
    await marcus.waitForFunction(
      () => (document.querySelector('#composer-text') as HTMLTextAreaElement).value.length > 0,
    );
    await shot(marcus, 'inbox-conversation');

    const hannah = await signedIn('hannah.okafor@wrenfield.example', laptop, pathOf(marcus));
    await hannah.locator('.conversation-header h1').waitFor();
    await hannah.locator('#composer-text').fill('Checking the fee waiver on this account now.');
    await marcus.getByTestId('presence').filter({ hasText: 'Hannah Okafor is typing' }).waitFor();
    await shot(marcus, 'collision-presence');
    await hannah.getByRole('button', { name: 'Send reply' }).click();
    await hannah.locator('.message-outbound', { hasText: 'fee waiver' }).waitFor();
    await hannah.context().close();

    // Search: every result says where it matched.
    await marcus.goto(`${server.url}/?view=all&q=pension`);
    await marcus.locator('.conversation-row mark').first().waitFor();
    await shot(marcus, 'inbox-search');

    await marcus.goto(`${server.url}/?view=unassigned&sort=waiting`);
    await marcus.locator('.conversation-row').first().waitFor();
    await marcus.keyboard.press('?');
    await marcus.getByRole('dialog').waitFor();
    await shot(marcus, 'keyboard-shortcuts');
    await marcus.context().close();

    // The same inbox on a phone: list, then the conversation, then the contact.
    const mobile = await signedIn('hannah.okafor@wrenfield.example', phone);
    await mobile.locator('.conversation-row').first().waitFor();
    await shot(mobile, 'phone-inbox');
    await mobile.locator('.conversation-row').first().click();
    await mobile.getByTestId('message-badges').first().waitFor();
    await shot(mobile, 'phone-conversation');
    await mobile.getByRole('button', { name: 'Contact', exact: true }).click();
    await mobile
      .getByRole('complementary', { name: 'Contact' })
      .getByRole('heading')
      .first()
      .waitFor();
    await shot(mobile, 'phone-contact');
    await mobile.context().close();
  });

  it('captures the conversation badges, reports, listening and team settings', async () => {
    const grace = await signedIn('rosa.delgado@wrenfield.example');
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
    await grace.context().close();

    // Reports and listening reflow to one column on a phone.
    const mobile = await signedIn('rosa.delgado@wrenfield.example', phone, '/reports');
    await mobile.getByTestId('headline-percent').filter({ hasText: '%' }).waitFor();
    await mobile.locator('.card[aria-busy=true]').first().waitFor({ state: 'detached' });
    await shot(mobile, 'phone-reports');
    await mobile.goto(`${server.url}/listening`);
    await mobile.getByTestId('themes').locator('tbody tr').first().waitFor();
    await mobile.locator('.card[aria-busy=true]').first().waitFor({ state: 'detached' });
    await shot(mobile, 'phone-listening');
    await mobile.context().close();
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
