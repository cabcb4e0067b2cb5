import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, postInbound } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * The inbox's state lives in the URL (reload, Back, a shared link), search shows why each
 * result matched, unknown paths say "not found", every page names itself in the tab, and the
 * list is one tab stop with the arrows inside.
 */
const enabled = requireChromium();
const password = 'e2e password long enough';
let server: HearkenServer;
let browser: Browser;
let token: string;
let sequence = 0;

async function inbound(text: string, name: string) {
  sequence++;
  await postInbound(server.url, token, {
    handle: `url_${sequence}_${Date.now()}`,
    name,
    text,
    externalId: `url-${Date.now()}-${sequence}`,
  });
}

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Uma Agent', 'agent', 'uma@example.com', password);
  token = await admin.inboundToken();
  await inbound('My card was charged a duplicate fee for the transfer yesterday', 'Fee Customer');
  await inbound('Where is my new debit card? Ordered two weeks ago.', 'Card Customer');
  await inbound('The app logs me out every five minutes', 'App Customer');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(path = '/'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${server.url}${path}`);
  await page.getByLabel('E-mail').fill('uma@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

const pathOf = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

describe.runIf(enabled)('the inbox URL, search and titles', () => {
  it('keeps view, filters, search and the open conversation through reload and Back', async () => {
    const page = await signIn();
    await page.locator('.conversation-row').nth(2).waitFor({ timeout: 15_000 });
    expect(await page.title()).toBe('All · Inbox · Hearken');

    await page.getByRole('button', { name: 'Unassigned', exact: true }).click();
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Sort by').selectOption('waiting');
    expect(pathOf(page)).toBe('/?view=unassigned&status=any&sort=waiting');

    await page.getByLabel('Search messages').fill('FEE');
    await page.getByLabel('Search messages').press('Enter');
    await page.waitForURL(/q=FEE/);
    const result = page.locator('.conversation-row', { hasText: 'Fee Customer' });
    // The rows of the list before the search stay until the results arrive.
    await result.locator('mark').waitFor();
    await expect.poll(() => page.locator('.conversation-row').count()).toBe(1);
    // The snippet marks the match, as the customer wrote it.
    expect(await result.locator('mark').allTextContents()).toEqual(['fee']);
    // Focus went to the results' heading: a screen reader hears where it landed.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await page.title()).toBe('Unassigned – search “FEE” · Inbox · Hearken');

    await result.click();
    await page.getByRole('heading', { name: 'Fee Customer', level: 1 }).waitFor();
    expect(pathOf(page)).toMatch(
      /^\/conversations\/\d+\?view=unassigned&status=any&sort=waiting&q=FEE$/,
    );
    await page.waitForFunction(() => document.title === 'Fee Customer · Inbox · Hearken');
    const shared = pathOf(page);

    // Reload: the same list, filters, search and conversation.
    await page.reload();
    await page.getByRole('heading', { name: 'Fee Customer', level: 1 }).waitFor();
    expect(await page.getByLabel('Search messages').inputValue()).toBe('FEE');
    expect(await page.getByLabel('Sort by').inputValue()).toBe('waiting');
    expect(await page.locator('.sidebar').getByLabel('Status').inputValue()).toBe('');
    expect(
      await page
        .getByRole('button', { name: 'Unassigned', exact: true })
        .getAttribute('aria-pressed'),
    ).toBe('true');

    // Back: the list without the conversation, then before the search, then before the sort.
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');
    expect(pathOf(page)).toBe('/?view=unassigned&status=any&sort=waiting&q=FEE');
    await page.getByText('Pick a conversation').waitFor();
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('q='));
    await page.locator('.conversation-row').nth(2).waitFor();
    expect(await page.getByLabel('Search messages').inputValue()).toBe('');
    await page.goBack();
    expect(pathOf(page)).toBe('/?view=unassigned&status=any');
    expect(await page.getByLabel('Sort by').inputValue()).toBe('last_activity');

    // A colleague opens the shared link and sees the same.
    const colleague = await signIn(shared);
    await colleague.getByRole('heading', { name: 'Fee Customer', level: 1 }).waitFor();
    expect(await colleague.getByLabel('Search messages').inputValue()).toBe('FEE');
    await colleague.locator('.conversation-row.open', { hasText: 'Fee Customer' }).waitFor();
    await colleague.context().close();
    await page.context().close();
  });

  it('tells "no results" from "nothing here", and says when a page does not exist', async () => {
    const page = await signIn('/?q=zebra%20crossing');
    await page.getByTestId('list-empty').waitFor();
    expect(await page.getByTestId('list-empty').textContent()).toContain(
      'No results for “zebra crossing”',
    );
    await page.goto(`${server.url}/?view=mine`);
    await page.getByTestId('list-empty').waitFor();
    expect(await page.getByTestId('list-empty').textContent()).toContain('Nothing here');
    await page.goto(`${server.url}/?priority=urgent`);
    await page.getByTestId('list-empty').waitFor();
    expect(await page.getByTestId('list-empty').textContent()).toContain(
      'No conversation matches these filters',
    );

    await page.goto(`${server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.title()).toBe('Page not found · Hearken');
    await page.getByRole('link', { name: 'Go to the inbox' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.locator('.conversation-row').first().waitFor();

    await page.context().close();
  });

  it('makes the list one tab stop, with the arrow keys moving inside it', async () => {
    const page = await signIn();
    const rows = page.locator('.conversation-row');
    await rows.nth(2).waitFor();
    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('tabindex')))).toEqual(
      ['0', '-1', '-1'],
    );
    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
      await rows.nth(2).locator('.row-name').textContent(),
    );
    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('tabindex')))).toEqual(
      ['-1', '-1', '0'],
    );
    await page.keyboard.press('Home');
    expect(await rows.first().evaluate((row) => row === document.activeElement)).toBe(true);
    // Tab leaves the list rather than walking every row.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.conversation-list'))).toBe(
      false,
    );
    await page.context().close();
  });
});
