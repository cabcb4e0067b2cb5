import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, postInbound } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * Every main page passes an automated accessibility check (axe-core: no serious or critical
 * violation), and on a phone the inbox fits the screen and works as stacked screens.
 */
const enabled = requireChromium();
const password = 'e2e password long enough';
const arabic = 'لم يصل طلبي بعد، أرجو المساعدة';
let server: HearkenServer;
let browser: Browser;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Lee Lead', 'lead', 'lee@example.com', password);
  await admin.request('POST', '/api/v1/labels', { name: 'Delivery', colour: 'blue' });
  const token = await admin.inboundToken();
  const messages = [
    ['Nadia Haddad', arabic],
    ['Sam Phone', 'My transfer to my landlord bounced twice and the fee was still taken. Why?'],
    ['Kim Card', 'Thanks, the new card arrived and works perfectly!'],
  ];
  for (const [index, [name, text]] of messages.entries()) {
    await postInbound(server.url, token, {
      handle: `access_${index}`,
      name: name as string,
      text: text as string,
      externalId: `access-${Date.now()}-${index}`,
    });
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(viewport: { width: number; height: number }, email: string, secret: string) {
  const context = await browser.newContext({ viewport, timezoneId: 'UTC', hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(server.url);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** Serious and critical axe violations, as "rule: target" lines for a readable failure. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target}`),
    );
}

/** How far the page is wider than the screen (0 when nothing scrolls sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Visible controls smaller than a 44 px touch target. */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('button, a[href], select, input, [role="tab"]')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && (box.height < 44 || box.width < 44);
      })
      .map((element) => `${element.tagName} "${element.textContent?.trim().slice(0, 30)}"`),
  );

describe.runIf(enabled)('accessibility and small screens', () => {
  it('finds no serious or critical axe violation on any main page', async () => {
    const signInContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const signInPage = await signInContext.newPage();
    await signInPage.goto(server.url);
    await signInPage.getByLabel('E-mail').waitFor();
    const found: Record<string, string[]> = { 'sign in': await seriousViolations(signInPage) };
    await signInContext.close();

    const page = await signIn(
      { width: 1366, height: 768 },
      server.adminEmail,
      server.adminPassword,
    );
    await page.locator('.conversation-row').nth(2).waitFor({ timeout: 15_000 });
    found.inbox = await seriousViolations(page);
    await page.locator('.conversation-row', { hasText: 'Sam Phone' }).click();
    await page.getByTestId('message-badges').first().waitFor();
    found.conversation = await seriousViolations(page);
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    found.shortcuts = await seriousViolations(page);
    await page.keyboard.press('Escape');

    const pages: [string, string, string][] = [
      ['reports', '/reports', '.card'],
      ['listening', '/listening', '.card'],
      ['team settings', '/settings/teams', 'main h1'],
      ['dead jobs', '/admin/jobs', 'main h1'],
      ['ledger', '/ledger', 'main h1'],
      ['not found', '/no/such/page', 'main h1'],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.locator(ready).first().waitFor();
      await page.locator('[aria-busy=true]').first().waitFor({ state: 'detached' });
      found[name] = await seriousViolations(page);
      expect(await page.title(), name).toMatch(/ · Hearken$/);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
    await page.context().close();
  }, 240_000);

  it('fits a 390×844 phone and walks list → conversation → contact and back', async () => {
    const page = await signIn({ width: 390, height: 844 }, 'lee@example.com', password);
    const list = page.getByRole('list', { name: 'Conversations' });
    await page.locator('.conversation-row').nth(2).waitFor({ timeout: 15_000 });
    expect(await overflow(page)).toBe(0);
    expect(await smallTargets(page)).toEqual([]);

    // Right-to-left text reads right to left, in the list and in the thread.
    const rtlRow = page.locator('.conversation-row', { hasText: 'Nadia Haddad' });
    expect(
      await rtlRow
        .locator('.row-preview')
        .evaluate((element) => getComputedStyle(element).direction),
    ).toBe('rtl');

    await page.getByRole('button', { name: 'Filters and sort' }).click();
    await page.locator('.sidebar').getByLabel('Sort by').selectOption('waiting');
    expect(await overflow(page)).toBe(0);

    await rtlRow.click();
    await page.getByRole('heading', { name: 'Nadia Haddad', level: 1 }).waitFor();
    expect(await list.isVisible()).toBe(false);
    const message = page.locator('.message-text', { hasText: arabic });
    expect(await message.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    expect(await overflow(page)).toBe(0);
    expect(await page.getByRole('complementary', { name: 'Contact' }).isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Contact', exact: true }).click();
    const contact = page.getByRole('complementary', { name: 'Contact' });
    await contact.getByRole('heading', { name: 'Nadia Haddad' }).waitFor();
    expect(await page.locator('.conversation').isVisible()).toBe(false);
    expect(await overflow(page)).toBe(0);

    await contact.getByRole('button', { name: '← Conversation' }).click();
    await page.getByRole('heading', { name: 'Nadia Haddad', level: 1 }).waitFor();
    await page.getByRole('button', { name: '← Conversations' }).click();
    await list.waitFor();
    expect(new URL(page.url()).search).toBe('?sort=waiting');
    expect(await page.locator('.conversation').count()).toBe(0);
    // The screens' back buttons went Back in the browser's history: Forward returns.
    await page.goForward();
    await page.getByRole('heading', { name: 'Nadia Haddad', level: 1 }).waitFor();

    // The narrowest supported screen, and the other pages.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await overflow(page)).toBe(0);
    for (const path of ['/', '/reports', '/listening', '/settings/teams']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main, .list-pane').first().waitFor();
      await page.locator('[aria-busy=true]').first().waitFor({ state: 'detached' });
      expect(await overflow(page), path).toBe(0);
    }
    await page.context().close();
  }, 120_000);
});
