import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, postInbound } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, type InboundMessage, postInboundBatch, signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

const enabled = requireChromium();
/** More than two pages of 50, so "Load more" is offered twice. */
const customers = 120;
let server: HearkenServer;
let browser: Browser;
let admin: ApiSession;
let token: string;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  token = await admin.inboundToken();
  const start = Date.now() - (customers + 10) * 60_000;
  // One customer a minute, so the newest-first order is known: customer 119 on top.
  const messages: InboundMessage[] = Array.from({ length: customers }, (_, index) => ({
    channel: 'twitter',
    channel_account: 'AcmeSupport',
    external_id: `load-more-${index}`,
    direction: 'inbound',
    author: { handle: `customer_${index}`, name: `Customer ${index}` },
    text: `Question ${index} about my savings account`,
    created_at: new Date(start + index * 60_000).toISOString(),
  }));
  await postInboundBatch(server.url, token, messages);
  await eventually(async () => {
    const list = await admin.request<{ data: unknown[] }>('GET', '/api/v1/conversations?limit=200');
    return list.data.length === customers ? true : undefined;
  }, 'the conversations');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = (page: Page) => page.locator('.conversation-row');
const loadMore = (page: Page) => page.getByRole('button', { name: 'Load more' });

async function rowIds(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((buttons) =>
    buttons.map((button) => button.getAttribute('data-conversation-id') ?? ''),
  );
}

async function waitForRows(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelectorAll('.conversation-row').length === expected,
    count,
  );
}

async function press(page: Page, key: string, times: number): Promise<void> {
  for (let index = 0; index < times; index++) await page.keyboard.press(key);
}

describe.runIf(enabled)('the inbox list beyond its first page, in Chromium', () => {
  it('loads more rows at the end, keeps j/k over them, and starts again on other filters', async () => {
    const page = await signInPage(browser, server.url, server.adminEmail, server.adminPassword);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await waitForRows(page, 50);
    // The count reads … while a (live) refresh is in flight.
    await expect.poll(() => page.locator('.list-heading .count').textContent()).toBe('50+');
    expect(await rows(page).first().textContent()).toContain('Customer 119');

    await loadMore(page).click();
    await waitForRows(page, 100);
    await loadMore(page).click();
    await waitForRows(page, customers);
    expect(await loadMore(page).count()).toBe(0);
    await expect
      .poll(() => page.locator('.list-heading .count').textContent())
      .toBe(String(customers));
    // The pages join up: every conversation once, in the API's newest-first order.
    const ids = await rowIds(page);
    expect(new Set(ids).size).toBe(customers);
    const api = await admin.request<{ data: { id: number }[] }>(
      'GET',
      '/api/v1/conversations?limit=200',
    );
    expect(ids).toEqual(api.data.map((row) => String(row.id)));

    // j walks into the appended rows and Enter opens one of them.
    await press(page, 'j', 75);
    await press(page, 'k', 2);
    const selected = page.locator('.conversation-row.selected');
    expect(await selected.getAttribute('data-conversation-id')).toBe(ids[73]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Customer 46', level: 1 }).waitFor();

    // A live update re-reads every row on screen rather than falling back to the first page.
    await postInbound(server.url, token, {
      handle: 'customer_late',
      name: 'Late Customer',
      text: 'One more question about my savings account',
      externalId: 'load-more-late',
    });
    await page.locator('.conversation-row', { hasText: 'Late Customer' }).waitFor();
    expect(await rows(page).first().textContent()).toContain('Late Customer');
    await waitForRows(page, customers + 1);

    // Another sort is another list: back to its first page (offset paging this time).
    await page.getByLabel('Sort by').selectOption('waiting');
    await page.keyboard.press('Escape');
    await waitForRows(page, 50);
    await expect.poll(() => page.locator('.list-heading .count').textContent()).toBe('50+');
    // j on the last row fetches the next page; the next j moves into it.
    await press(page, 'j', 49);
    expect(await selected.getAttribute('data-conversation-id')).toBe(
      await rows(page).nth(49).getAttribute('data-conversation-id'),
    );
    await page.keyboard.press('j');
    await waitForRows(page, 100);
    await page.keyboard.press('j');
    expect(await selected.getAttribute('data-conversation-id')).toBe(
      await rows(page).nth(50).getAttribute('data-conversation-id'),
    );
    const waitingIds = await rowIds(page);
    expect(new Set(waitingIds).size).toBe(100);
    await page.context().close();
  });
});
