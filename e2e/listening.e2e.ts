import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, type InboundMessage, postInboundBatch, signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * The listening dashboard: three quiet days, then two hours of protest about a new fee,
 * delivered through the inbound API. An analyst sees the themes, the copy-paste cluster and the
 * backlash alert, and acknowledges and resolves the alert.
 */
const enabled = requireChromium();
const password = 'e2e password long enough';
const hour = 3_600_000;
const protest = [
  'why is there a new overdraft fee on my account',
  'the overdraft fee is a scandal',
  'another overdraft fee charged without warning',
  'remove this overdraft fee now',
];
const copyPaste = 'Scrap the new overdraft fee now! Sign the petition at example.org/nofee';
let server: HearkenServer;
let browser: Browser;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Ana Analyst', 'analyst', 'ana@example.com', password);
  const spikeHour = Math.floor(Date.now() / hour) * hour - 3 * hour;
  const messages: InboundMessage[] = [];
  const add = (text: string, at: number) =>
    messages.push({
      channel: 'twitter',
      channel_account: 'AcmeSupport',
      external_id: `listen-${messages.length}`,
      direction: 'inbound',
      author: { handle: `listener_${messages.length}`, name: `Listener ${messages.length}` },
      text,
      created_at: new Date(at).toISOString(),
    });
  for (let index = 0; index < 72 * 2; index++) {
    add(
      `My order number ${index} has not arrived yet`,
      spikeHour - 72 * hour + index * 30 * 60_000,
    );
  }
  for (const [offset, count] of [
    [0, 20],
    [1, 14],
  ] as const) {
    for (let index = 0; index < count; index++) {
      const text = index % 3 === 0 ? copyPaste : (protest[index % protest.length] as string);
      add(text, spikeHour + offset * hour + index * 60_000);
    }
  }
  await postInboundBatch(server.url, await admin.inboundToken(), messages);
  await eventually(
    async () => {
      const alerts = await admin.request<{ data: unknown[] }>('GET', '/api/v1/alerts');
      return alerts.data.length > 0 ? true : undefined;
    },
    'the backlash alert',
    40_000,
  );
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(enabled)('the listening dashboard', () => {
  it('shows themes, near-duplicates and the alert, and moves the alert to resolved', async () => {
    const page = await signInPage(browser, server.url, 'ana@example.com', password);
    await page.getByRole('link', { name: 'Listening' }).click();
    await page.getByRole('heading', { name: 'Listening', level: 1 }).waitFor();

    const themes = page.getByTestId('themes');
    await themes.locator('tbody tr').first().waitFor();
    expect(await themes.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await themes.locator('svg.sparkline').count()).toBeGreaterThan(0);
    expect(await themes.textContent()).toMatch(/overdraft|fee/);

    const duplicates = page.getByTestId('duplicates');
    const cluster = duplicates.locator('li', { hasText: 'Sign the petition' });
    await cluster.waitFor();
    expect(await cluster.locator('.duplicate-count').textContent()).toMatch(/^\d+×$/);

    const sentiment = page.getByTestId('sentiment');
    await sentiment.and(page.locator('[aria-busy=false]')).waitFor();
    expect(
      (await sentiment.locator('svg.line-chart').count()) +
        (await sentiment.getByTestId('sentiment-unclassified').count()),
    ).toBe(1);

    const first = page.getByTestId('alerts').getByRole('listitem').first();
    await first.waitFor();
    const alertId = await first.getAttribute('data-alert-id');
    const alert = page.locator(`[data-alert-id="${alertId}"]`);
    expect(await alert.locator('.alert-summary').textContent()).toMatch(/overdraft|fee/);
    expect(await alert.getByTestId('alert-status').textContent()).toBe('open');
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await alert.getByTestId('alert-status').filter({ hasText: 'acknowledged' }).waitFor();
    await alert.getByRole('button', { name: 'Resolve' }).click();
    // A resolved alert leaves the list of open ones.
    await alert.waitFor({ state: 'detached' });
    const resolved = (await page.evaluate(
      async (id) => (await fetch(`/api/v1/alerts/${id}`)).json(),
      alertId,
    )) as { status: string };
    expect(resolved.status).toBe('resolved');
    await page.context().close();
  });
});
