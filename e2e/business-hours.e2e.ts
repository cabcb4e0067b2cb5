import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, postInboundBatch, signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * A lead changes a team's business hours in the settings page, and the first-response due time
 * of the team's open conversation moves to the new hours.
 */
const enabled = requireChromium();
const password = 'e2e password long enough';
const day = 86_400_000;
const weekdayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
let server: HearkenServer;
let browser: Browser;
let admin: ApiSession;
let conversationId: number;

const allDay = [{ start: '00:00', end: '24:00' }];

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Lena Lead', 'lead', 'lena@example.com', password);
  const team = await admin.request<{ id: number }>('POST', '/api/v1/teams', {
    name: 'Billing',
    timezone: 'UTC',
  });
  await admin.request('POST', '/api/v1/channel-accounts', {
    channel: 'twitter',
    handle: 'AcmeSupport',
    team_id: team.id,
  });
  // Open around the clock to begin with: the first response is due an hour after the message.
  await admin.request('PUT', `/api/v1/teams/${team.id}/calendar`, {
    timezone: 'UTC',
    weekly: Object.fromEntries(weekdayNames.map((name) => [name, allDay])),
    exceptions: [],
  });
  await admin.request('POST', '/api/v1/sla-policies', {
    name: 'Billing within 1 business hour',
    conditions: {},
    first_response_seconds: 3600,
    business_hours: true,
  });
  const token = await admin.inboundToken();
  await postInboundBatch(server.url, token, [
    {
      channel: 'twitter',
      channel_account: 'AcmeSupport',
      external_id: `hours-${Date.now()}`,
      direction: 'inbound',
      author: { handle: 'hours_customer', name: 'Harper Hours' },
      text: 'My invoice 4410 shows the wrong amount',
      created_at: new Date().toISOString(),
    },
  ]);
  conversationId = await eventually(async () => {
    const list = await admin.request<{ data: { id: number; sla: unknown }[] }>(
      'GET',
      '/api/v1/conversations?status=open',
    );
    const found = list.data.find((conversation) => conversation.sla);
    return found?.id;
  }, 'the conversation with its SLA clock');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function dueShown(page: Page): Promise<string> {
  await page.goto(`${server.url}/conversations/${conversationId}`);
  const due = page.getByTestId('sla-due');
  await due.waitFor();
  return (await due.getAttribute('datetime')) ?? '';
}

describe.runIf(enabled)('business hours in the team settings page', () => {
  it('moves the SLA due time of an open conversation when a lead changes the hours', async () => {
    const page = await signInPage(browser, server.url, 'lena@example.com', password);
    const before = await dueShown(page);
    const postedAt = Date.now();
    expect(Math.abs(Date.parse(before) - (postedAt + 3_600_000))).toBeLessThan(5 * 60_000);

    // Today becomes a holiday and tomorrow opens at 09:00 UTC: the hour of work the customer
    // is owed runs from 09:00 to 10:00 tomorrow.
    const today = new Date();
    const tomorrow = new Date(today.getTime() + day);
    const tomorrowName = weekdayNames[tomorrow.getUTCDay()] as string;
    const label = tomorrowName[0]?.toUpperCase() + tomorrowName.slice(1);
    const expected = `${tomorrow.toISOString().slice(0, 10)}T10:00:00.000Z`;

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Team settings' })
      .click();
    await page.getByRole('heading', { name: 'Business hours' }).waitFor();
    expect(await page.getByLabel('Timezone').inputValue()).toBe('UTC');
    await page.getByLabel(`${label} from (1)`).fill('09:00');
    await page.getByLabel(`${label} until (1)`).fill('17:00');
    await page.getByRole('button', { name: 'Add a holiday' }).click();
    await page.getByLabel('Holiday 1 date').fill(today.toISOString().slice(0, 10));
    await page.getByLabel('Holiday 1 name').fill('Stocktaking day');
    await page.getByRole('button', { name: 'Save business hours' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // The recomputation runs as a job: the inbox shows the new time once it has.
    const after = await eventually(async () => {
      const shown = await dueShown(page);
      return shown === expected ? shown : undefined;
    }, `the due time ${expected} in the conversation view`);
    expect(after).toBe(expected);
    expect(await page.getByTestId('sla-state').textContent()).toMatch(/due in \d+/);
    await page.context().close();
  });
});
