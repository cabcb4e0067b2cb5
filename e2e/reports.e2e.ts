import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, type InboundMessage, postInboundBatch, signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/** The reports page shows the figures the reports API gives for the same filters. */
const enabled = requireChromium();
const password = 'e2e password long enough';
const minute = 60_000;
const hour = 60 * minute;
let server: HearkenServer;
let browser: Browser;

function message(
  account: string,
  id: string,
  at: number,
  direction: 'inbound' | 'outbound',
  inReplyTo?: string,
): InboundMessage {
  return {
    channel: 'twitter',
    channel_account: account,
    external_id: id,
    direction,
    author: direction === 'inbound' ? { handle: `customer_${id}` } : { handle: account },
    text: direction === 'inbound' ? `My payment ${id} did not go through` : 'Sorry! Fixed now.',
    created_at: new Date(at).toISOString(),
    ...(inReplyTo ? { in_reply_to: inReplyTo } : {}),
  };
}

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Lena Lead', 'lead', 'lena@example.com', password);
  const billing = await admin.request<{ id: number }>('POST', '/api/v1/teams', { name: 'Billing' });
  const social = await admin.request<{ id: number }>('POST', '/api/v1/teams', { name: 'Social' });
  await admin.request('POST', '/api/v1/channel-accounts', {
    channel: 'twitter',
    handle: 'AcmeBilling',
    team_id: billing.id,
  });
  await admin.request('POST', '/api/v1/channel-accounts', {
    channel: 'twitter',
    handle: 'AcmeSocial',
    team_id: social.id,
  });
  await admin.request('POST', '/api/v1/sla-policies', {
    name: 'Everyone within 1 hour',
    conditions: {},
    first_response_seconds: 3600,
    business_hours: false,
  });
  // Answered in 20 min, 50 min, 3 h and 5 h, and two never answered: known, uneven figures.
  const now = Date.now();
  const messages: InboundMessage[] = [];
  const cases: [string, number, number | null][] = [
    ['AcmeBilling', 30, 20],
    ['AcmeBilling', 28, 180],
    ['AcmeBilling', 26, null],
    ['AcmeSocial', 20, 50],
    ['AcmeSocial', 18, 300],
    ['AcmeSocial', 16, null],
  ];
  cases.forEach(([account, hoursAgo, answerMinutes], index) => {
    const id = `report-${now}-${index}`;
    const at = now - hoursAgo * hour;
    messages.push(message(account, id, at, 'inbound'));
    if (answerMinutes !== null) {
      messages.push(message(account, `${id}-re`, at + answerMinutes * minute, 'outbound', id));
    }
  });
  await postInboundBatch(server.url, await admin.inboundToken(), messages);
  await eventually(async () => {
    const list = await admin.request<{ data: { message_count: number }[] }>(
      'GET',
      '/api/v1/conversations?status=open&limit=50',
    );
    const replies = list.data.reduce((sum, row) => sum + row.message_count, 0);
    return list.data.length === 6 && replies === 10 ? true : undefined;
  }, 'six conversations with their replies');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The JSON behind a section: its CSV link without `format=csv`, fetched with the page's session. */
async function apiOf<T>(page: Page, section: string): Promise<T> {
  const href = await page.getByTestId(section).locator('a.csv-link').getAttribute('href');
  const url = (href ?? '').replace(/[?&]format=csv$/, '');
  expect(url).toMatch(/^\/api\/v1\/reports\//);
  return page.evaluate(async (path) => (await fetch(path)).json(), url) as Promise<T>;
}

async function tableRows(page: Page, section: string) {
  await page.getByTestId(section).locator('tbody tr').first().waitFor();
  return page
    .getByTestId(section)
    .locator('table.report-table tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        group: row.getAttribute('data-group-id'),
        cells: Object.fromEntries(
          [...row.querySelectorAll('td[data-field]')].map((cell) => [
            cell.getAttribute('data-field'),
            cell.getAttribute('data-value') ?? cell.textContent,
          ]),
        ),
      })),
    );
}

const shown = (value: number | null) => (value === null ? '' : String(value));

describe.runIf(enabled)('the reports page', () => {
  it('shows the same figures as the reports API', async () => {
    const page = await signInPage(browser, server.url, 'lena@example.com', password);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();

    const headline = page.getByTestId('headline-percent');
    await headline.filter({ hasText: '%' }).waitFor();
    const href = await page.getByTestId('attainment').locator('a.csv-link').getAttribute('href');
    const from = new URL(href ?? '', server.url).searchParams.get('from');
    const firstResponse = (await page.evaluate(
      async (path) => (await fetch(path)).json(),
      `/api/v1/reports/first-response?from=${from}&target_seconds=3600`,
    )) as { organisation: { within_target_pct: number } };
    // Two of six conversations were answered within the hour.
    expect(firstResponse.organisation.within_target_pct).toBe(33.33);
    expect(await headline.getAttribute('data-value')).toBe('33.33');
    expect(await headline.textContent()).toBe('33.3%');

    for (const groupBy of ['team', 'channel_account', 'agent']) {
      await page.getByLabel('Group by').selectOption(groupBy);
      await page.getByTestId('attainment').and(page.locator('[aria-busy=false]')).waitFor();
      const attainment = await apiOf<{ data: Record<string, number | null>[] }>(page, 'attainment');
      const rows = await tableRows(page, 'attainment');
      expect(rows).toHaveLength(attainment.data.length);
      for (const expected of attainment.data) {
        const row = rows.find((candidate) => candidate.group === shown(expected.group_id ?? null));
        expect(row?.cells).toEqual({
          conversations: String(expected.conversations),
          answered: String(expected.answered),
          under_target: String(expected.under_target),
          met: String(expected.met),
          attainment_pct: shown(expected.attainment_pct ?? null),
        });
      }
      await page.getByTestId('response-times').and(page.locator('[aria-busy=false]')).waitFor();
      const times = await apiOf<{ data: Record<string, number | null>[] }>(page, 'response-times');
      const timeRows = await tableRows(page, 'response-times');
      expect(timeRows).toHaveLength(times.data.length);
      for (const expected of times.data) {
        const row = timeRows.find(
          (candidate) => candidate.group === shown(expected.group_id ?? null),
        );
        expect(row?.cells).toMatchObject({
          answered: String(expected.answered),
          frt_p50_s: shown(expected.frt_p50_s ?? null),
          frt_p90_s: shown(expected.frt_p90_s ?? null),
          resolved: String(expected.resolved),
        });
      }
    }

    const backlog = await apiOf<{ data: { age: string; conversations: number }[] }>(
      page,
      'backlog',
    );
    expect(backlog.data.reduce((sum, row) => sum + row.conversations, 0)).toBe(6);
    for (const row of backlog.data) {
      expect(
        await page.getByTestId('backlog').locator(`td[data-field="${row.age}"]`).textContent(),
      ).toBe(String(row.conversations));
    }

    // Four conversations missed the hour; each is one click from the conversation itself.
    const breaches = await apiOf<{ data: { conversation_id: number }[] }>(page, 'breaches');
    expect(breaches.data).toHaveLength(4);
    const links = page.getByTestId('breaches').getByRole('link', { name: /^#\d+$/ });
    expect(await links.count()).toBe(4);
    const first = breaches.data[0]?.conversation_id;
    await page
      .getByTestId('breaches')
      .getByRole('link', { name: `#${first}` })
      .click();
    await page.waitForURL(`**/conversations/${first}`);
    await page.locator('.conversation-header h1').waitFor();
    expect(await page.locator('.conversation-header .subtitle').textContent()).toContain(
      `#${first}`,
    );
    await page.context().close();
  });
});
