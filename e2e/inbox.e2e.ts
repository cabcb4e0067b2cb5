import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, postInbound } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

const enabled = requireChromium();
const password = 'e2e password long enough';
let server: HearkenServer;
let browser: Browser;
let token: string;
let sequence = 0;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Ada Agent', 'agent', 'ada@example.com', password);
  await admin.createUser('Bo Agent', 'agent', 'bo@example.com', password);
  await admin.request('POST', '/api/v1/labels', { name: 'Delivery', colour: 'blue' });
  await admin.request('POST', '/api/v1/canned-replies', {
    shortcut: 'thanks',
    title: 'Thanks',
    body: 'Thanks {{contact.name}}, {{agent.name}} here. Looking into case {{conversation.id}}.',
  });
  token = await admin.inboundToken();
  // First response within an hour, around the clock, for every conversation.
  await admin.request('POST', '/api/v1/sla-policies', {
    name: 'Everyone within 1 hour',
    conditions: {},
    first_response_seconds: 3600,
    business_hours: false,
  });
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

function inbound(text: string, name = 'Fixture Customer') {
  sequence++;
  return postInbound(server.url, token, {
    handle: `fixture_${sequence}_${Date.now()}`,
    name,
    text,
    externalId: `e2e-${Date.now()}-${sequence}`,
  });
}

function row(page: Page, text: string) {
  return page.locator('.conversation-row', { hasText: text });
}

describe.runIf(enabled)('the agent inbox in Chromium', () => {
  it('shows an inbound message live, replies, and the conversation shows answered', async () => {
    const page = await signIn('ada@example.com');
    await expect(page.getByRole('heading', { name: 'All' })).toBeTruthy();
    // Posted after the page loaded: it can only appear through the live stream.
    await inbound('My parcel 7731 is late, where is it?', 'Casey Fixture');
    await row(page, 'My parcel 7731 is late').waitFor({ timeout: 10_000 });
    await row(page, 'My parcel 7731 is late').click();
    await page.getByRole('heading', { name: 'Casey Fixture', level: 1 }).waitFor();
    expect(await page.getByTestId('answer-state').textContent()).toContain('awaiting reply');
    await page
      .getByTestId('sla-state')
      .filter({ hasText: /due in (5[0-9] min|1 h)/ })
      .waitFor();

    await page.getByLabel('Insert a canned reply').selectOption({ label: 'Thanks (/thanks)' });
    const composer = page.locator('#composer-text');
    await page.waitForFunction(() =>
      (document.querySelector('#composer-text') as HTMLTextAreaElement | null)?.value.includes(
        'Thanks Casey Fixture, Ada Agent here.',
      ),
    );
    await composer.fill('Sorry for the wait! It is with the courier and arrives tomorrow.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.locator('.message-outbound', { hasText: 'arrives tomorrow' });
    await reply.waitFor();
    expect(await reply.textContent()).toContain('queued');
    await page.getByTestId('answer-state').filter({ hasText: 'answered' }).waitFor();
    await page.getByTestId('sla-state').filter({ hasText: 'First response: SLA met' }).waitFor();

    await page.locator('#composer-text').press('Escape');
    await page.keyboard.press('n');
    await page.locator('#composer-text').fill('Courier confirmed by phone.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.message-note', { hasText: 'Courier confirmed' }).waitFor();

    await page.getByRole('button', { name: /Add label/ }).click();
    await page.getByRole('checkbox').first().click();
    await page.locator('.labels-editor > .label-chip', { hasText: 'Delivery' }).waitFor();
    await page.context().close();
  });

  it('lets two agents see each other on one conversation and warns before a colliding reply', async () => {
    await inbound('Invoice 5520 charged twice', 'Dana Fixture');
    const ada = await signIn('ada@example.com');
    const bo = await signIn('bo@example.com');
    for (const page of [ada, bo]) {
      await row(page, 'Invoice 5520').waitFor({ timeout: 10_000 });
      await row(page, 'Invoice 5520').click();
      await page.getByRole('heading', { name: 'Dana Fixture', level: 1 }).waitFor();
    }
    await ada.getByTestId('presence').filter({ hasText: 'Bo Agent is viewing' }).waitFor();
    await bo.getByTestId('presence').filter({ hasText: 'Ada Agent is viewing' }).waitFor();

    await bo.locator('#composer-text').fill('Refund on its way.');
    await ada.getByTestId('presence').filter({ hasText: 'Bo Agent is typing a reply' }).waitFor();
    // Ada writes her reply from the thread as it was. Her browser is held from reloading the
    // conversation, as on a slow connection, so her composer still has the old last message.
    await ada.locator('#composer-text').fill('I will refund the second charge.');
    const held: Route[] = [];
    const detailUrl = /\/api\/v1\/conversations\/\d+$/;
    await ada.route(detailUrl, (route) => {
      if (route.request().method() === 'GET') held.push(route);
      else void route.continue();
    });
    await bo.getByRole('button', { name: 'Send reply' }).click();
    await bo.locator('.message-outbound', { hasText: 'Refund on its way.' }).waitFor();
    await ada.getByRole('button', { name: 'Send reply' }).click();
    const warning = ada.getByRole('alert').filter({ hasText: 'Someone replied meanwhile' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Bo Agent replied');
    await ada.unroute(detailUrl);
    // unroute may already have let the held requests through.
    for (const route of held) await route.continue().catch(() => undefined);
    await ada.locator('.message-outbound', { hasText: 'Refund on its way.' }).waitFor();
    await ada.getByRole('button', { name: 'Send anyway' }).click();
    await ada
      .locator('.message-outbound', { hasText: 'I will refund the second charge.' })
      .waitFor();
    await bo
      .locator('.message-outbound', { hasText: 'I will refund the second charge.' })
      .waitFor();
    await ada.context().close();
    await bo.context().close();
  });

  it('renders script payloads in customer text as text', async () => {
    const payload =
      '<script>window.__hacked = 1</script><img src=x onerror="window.__hacked = 2"> <b>bold?</b>';
    await inbound(payload, '<img src=y onerror="window.__hacked=3">');
    const page = await signIn('ada@example.com');
    await row(page, '<script>').waitFor({ timeout: 10_000 });
    await row(page, '<script>').click();
    const message = page.locator('.message-inbound .message-text').last();
    await message.waitFor();
    expect(await message.textContent()).toBe(payload);
    expect(await page.locator('.thread img, .conversation-list img, .thread b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __hacked?: number }).__hacked)).toBe(
      undefined,
    );
    await page.context().close();
  });

  it('moves with j/k, opens with Enter, resolves with e and shows help with ?', async () => {
    const page = await signIn('bo@example.com');
    await page.locator('.conversation-row').first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.locator('.conversation-header h1').waitFor();
    await page.keyboard.press('e');
    await page.getByTestId('status').filter({ hasText: 'resolved' }).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Search messages',
    );
    await page.context().close();
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'shows a message processed by another Hearken process (PostgreSQL LISTEN/NOTIFY)',
    async () => {
      // The peer has no worker: the message is processed by the first process only, so it can
      // reach this browser only through NOTIFY.
      const peer = await server.startPeer({ HEARKEN_EMBEDDED_WORKER: 'false' });
      try {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        await page.goto(peer.url);
        await page.getByLabel('E-mail').fill('bo@example.com');
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
        await inbound('Cross-process hello 6612', 'Eli Fixture');
        await row(page, 'Cross-process hello 6612').waitFor({ timeout: 10_000 });
        await context.close();
      } finally {
        await peer.stop();
      }
    },
  );
});
