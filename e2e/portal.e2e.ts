import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * The portal as people use it: a staff member signs in with their usual account, opens the
 * portal, asks a question through the plain HTML form, answers it, accepts the answer and votes
 * for an idea; an anonymous reader, with JavaScript turned off, reads the public categories,
 * finds the question by search (matches highlighted), cannot see the staff-only category, and
 * every page passes axe-core with no serious or critical violation.
 */
const enabled = requireChromium();
let server: HearkenServer;
let browser: Browser;
let staff: Page;
let readerContext: BrowserContext;
let reader: Page;
/** axe runs script in the page, so the anonymous pages are checked again with JavaScript on. */
let axeReader: Page;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  browser = await launchChromium();
  const api = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  for (const category of [
    {
      name: 'Help',
      slug: 'help',
      kind: 'qa',
      visibility: 'everyone',
      description: 'Ask and answer',
    },
    { name: 'Ideas', slug: 'ideas', kind: 'ideas', visibility: 'everyone' },
    { name: 'Internal', slug: 'internal', kind: 'qa', visibility: 'staff' },
  ]) {
    await api.request('POST', '/api/v1/community/categories', category);
  }
  staff = await signInPage(browser, server.url, server.adminEmail, server.adminPassword);
  readerContext = await browser.newContext({ javaScriptEnabled: false });
  reader = await readerContext.newPage();
  axeReader = await (await browser.newContext()).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The reader's current page, checked by axe in a browser context that runs script. */
async function readerViolations(): Promise<string[]> {
  await axeReader.goto(reader.url());
  return seriousViolations(axeReader);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target}`),
    );
}

describe.runIf(enabled)('the portal in Chromium', () => {
  let topicUrl = '';

  it('lets a staff member ask, answer, accept and vote through plain forms', async () => {
    await staff.goto(`${server.url}/portal`);
    await staff.getByRole('link', { name: 'Help', exact: true }).click();
    await staff.getByRole('link', { name: 'Start a topic' }).click();
    await staff.getByLabel('Title').fill('How do I raise my <b>card</b> limit?');
    await staff
      .getByLabel('Your post (Markdown)')
      .fill('I travel a lot and need a **higher** limit.');
    await staff.getByRole('button', { name: 'Post topic' }).click();
    await staff
      .getByRole('heading', { level: 1, name: 'How do I raise my <b>card</b> limit?' })
      .waitFor();
    topicUrl = staff.url();
    expect(await staff.locator('article strong').first().textContent()).toBe('higher');
    expect(await staff.locator('.badge.staff').first().textContent()).toBe('staff');

    await staff.getByLabel('Your reply (Markdown)').fill('Open *Cards*, then *Limits*.');
    await staff.getByRole('button', { name: 'Post reply' }).click();
    await staff.getByRole('button', { name: 'Accept this answer' }).click();
    await staff.getByRole('heading', { level: 2, name: 'Accepted answer' }).waitFor();
    expect(await seriousViolations(staff)).toEqual([]);

    await staff.goto(`${server.url}/portal/c/ideas`);
    await staff.getByRole('link', { name: 'Start a topic' }).click();
    await staff.getByLabel('Title').fill('Dark mode in the app');
    await staff.getByLabel('Your post (Markdown)').fill('Easier on the eyes at night.');
    await staff.getByRole('button', { name: 'Post topic' }).click();
    await staff.getByRole('button', { name: 'Vote for this idea' }).click();
    await staff.getByText('1 vote').waitFor();
    await staff.getByLabel('Status').selectOption('planned');
    await staff.getByRole('button', { name: 'Set status' }).click();
    await staff.getByText('Status: Planned').waitFor();
    expect(await seriousViolations(staff)).toEqual([]);

    await staff.goto(`${server.url}/portal/c/internal`);
    await staff.getByRole('link', { name: 'Start a topic' }).click();
    await staff.getByLabel('Title').fill('Internal limit policy');
    await staff.getByLabel('Your post (Markdown)').fill('Only for staff.');
    await staff.getByRole('button', { name: 'Post topic' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Internal limit policy' }).waitFor();
  });

  it('serves an anonymous reader without JavaScript, with search and no staff-only pages', async () => {
    await reader.goto(`${server.url}/portal`);
    expect(await reader.title()).toBe('My organisation');
    await reader.getByRole('link', { name: 'Help', exact: true }).click();
    await reader.getByRole('link', { name: 'How do I raise my <b>card</b> limit?' }).click();
    const accepted = reader.getByRole('article', { name: 'Accepted answer' });
    expect(await accepted.locator('em').first().textContent()).toBe('Cards');
    expect(await reader.getByRole('button', { name: 'Post reply' }).count()).toBe(0);
    expect(await readerViolations()).toEqual([]);

    await reader.goto(`${server.url}/portal`);
    await reader.getByRole('searchbox', { name: 'Search the community' }).fill('limit');
    await reader.getByRole('button', { name: 'Search' }).first().click();
    await reader.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    const marks = await reader.locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase().startsWith('limit')).toBe(true);
    expect(await reader.getByText('Internal limit policy').count()).toBe(0);
    expect(await readerViolations()).toEqual([]);

    const hidden = await reader.goto(`${server.url}/portal/c/internal`);
    expect(hidden?.status()).toBe(404);
    expect(await reader.getByRole('heading', { level: 1, name: 'Not found' }).count()).toBe(1);
    expect(await readerViolations()).toEqual([]);

    await reader.goto(topicUrl);
    const canonical = await reader.locator('link[rel="canonical"]').getAttribute('href');
    expect(canonical?.endsWith(new URL(topicUrl).pathname)).toBe(true);
  });
});
