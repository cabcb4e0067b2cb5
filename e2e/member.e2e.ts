import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * A member (an employee who takes part in consultations, not an agent) signs in with the normal
 * sign-in and sees only what they may use: their consultations and their profile. An inbox link
 * says "not allowed", and the API refuses the inbox too.
 */
const enabled = requireChromium();
const password = 'e2e password long enough';
let server: HearkenServer;
let browser: Browser;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.request('POST', '/api/v1/users', {
    name: 'Mia Member',
    role: 'member',
    email: 'mia@example.com',
    password,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(enabled)('a member in Chromium', () => {
  it('signs in to their consultations and has no inbox', async () => {
    const page = await signInPage(browser, server.url, 'mia@example.com', password);
    await page.getByRole('heading', { name: 'Your consultations' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Your consultations',
      'Profile',
    ]);

    await page.goto(`${server.url}/conversations/1`);
    await page.getByText('You are not allowed to see this page').waitFor();
    expect(await page.locator('.conversation-row').count()).toBe(0);

    const status = await page.evaluate(async () => (await fetch('/api/v1/conversations')).status);
    expect(status).toBe(403);

    await nav.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await page.getByText('Mia Member').first().waitFor();
    await page.context().close();
  });
});
