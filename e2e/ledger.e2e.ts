import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, postInbound } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * Close the loop in the browser: an agent turns three customers' messages into feedback for a
 * decision from the conversation view, and a lead moves the decision to shipped on the ledger
 * page, where its feedback and history show.
 */
const enabled = requireChromium();
const password = 'e2e password long enough';
let server: HearkenServer;
let browser: Browser;
let token: string;
let lead: ApiSession;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Ada Agent', 'agent', 'ada@example.com', password);
  await admin.createUser('Lee Lead', 'lead', 'lee@example.com', password);
  token = await admin.inboundToken();
  lead = await ApiSession.signIn(server.url, 'lee@example.com', password);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(server.url);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  return page;
}

describe.runIf(enabled)('the ledger in Chromium', () => {
  it('links customers’ messages to a decision and moves it to shipped', async () => {
    const created = await lead.request('POST', '/api/v1/decisions', {
      title: 'Monthly fee for students',
      public_description: 'Whether students pay the new monthly fee',
    });
    const decisionId = (created as { id: number }).id;
    const texts = [
      'Students should not pay a monthly fee',
      'The student monthly fee makes me leave',
      'Drop the monthly fee for my daughter, a student',
    ];
    for (const [index, text] of texts.entries()) {
      await postInbound(server.url, token, {
        handle: `student_${index}_${Date.now()}`,
        name: `Student ${index}`,
        text,
        externalId: `ledger-e2e-${Date.now()}-${index}`,
      });
    }

    const agent = await signIn('ada@example.com');
    for (const text of texts) {
      const row = agent.locator('.conversation-row', { hasText: text });
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      const message = agent.locator('.message-inbound', { hasText: text });
      await message.getByRole('button', { name: 'Feedback…' }).click();
      await message.getByRole('combobox').selectOption({ label: 'Monthly fee for students' });
      await message.getByRole('button', { name: 'Link', exact: true }).click();
      await message.getByText('Linked to “Monthly fee for students”.').waitFor();
    }
    await agent.context().close();

    const page = await signIn('lee@example.com');
    await page.getByRole('link', { name: 'Ledger' }).click();
    await page.getByRole('link', { name: /Monthly fee for students/ }).click();
    await page.waitForURL(`**/ledger/${decisionId}`);
    const panel = page.getByRole('region', { name: 'Decision: Monthly fee for students' });
    await panel.getByRole('heading', { name: 'Feedback (3 from 3 people)' }).waitFor();
    for (const text of texts) await panel.getByText(text).waitFor();

    await panel.getByLabel('Move to').selectOption({ label: 'Decided' });
    await panel.getByLabel('We will change it').check();
    await panel.getByRole('button', { name: 'Record step' }).click();
    await panel.getByText('Outcome: will change').waitFor();
    await panel.getByLabel('Move to').selectOption({ label: 'Shipped' });
    await panel.getByLabel('What we say publicly').fill('Students no longer pay the monthly fee.');
    await panel.getByRole('button', { name: 'Record step' }).click();
    await panel
      .locator('.decision-history blockquote.published', {
        hasText: 'Students no longer pay the monthly fee.',
      })
      .waitFor();
    expect(await panel.locator('[aria-current="step"]').textContent()).toBe('Shipped');
    // All three customers' feedback is now acted on: the credibility gap says so.
    await page
      .getByRole('region', { name: 'Credibility gap' })
      .getByRole('row', { name: /All channels 3 100%/ })
      .waitFor();

    const detail = (await lead.request('GET', `/api/v1/decisions/${decisionId}`)) as {
      decision: { state: string; feedback_count: number };
    };
    expect(detail.decision).toMatchObject({ state: 'shipped', feedback_count: 3 });
    await page.context().close();
  });
});
