import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  receiverAcceptsSignature,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../src/test/webhook-receiver.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

const enabled = requireChromium();
let server: HearkenServer;
let browser: Browser;
let receiver: WebhookReceiver;

beforeAll(async () => {
  if (!enabled) return;
  receiver = await startWebhookReceiver();
  // The receiver runs on this machine's loopback, which webhooks may not reach by default.
  server = await startHearken({ environment: { HEARKEN_ALLOW_INTERNAL_WEBHOOKS: 'true' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

describe.runIf(enabled)('the Webhooks page in Chromium', () => {
  it('adds a webhook, shows its secret once, sends a test event and logs it', async () => {
    const page = await signInPage(browser, server.url, server.adminEmail, server.adminPassword);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Name').fill('Ticket bridge');
    await page.getByLabel('alert.opened').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.locator('.webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const row = page.locator('tr[data-webhook-id]').filter({ hasText: 'Ticket bridge' });
    await row.waitFor();
    expect(await row.textContent()).toContain('message.created, alert.opened');

    await row.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('status').filter({ hasText: 'test event' }).waitFor();
    const request = await eventually(async () => receiver.received[0], 'the test event');
    expect(
      receiverAcceptsSignature(secret, request.headers['hearken-signature'], request.body),
    ).toBe(true);
    await row.getByRole('button', { name: 'Delivery log' }).click();
    await eventually(async () => {
      await row.getByRole('button', { name: 'Delivery log' }).click();
      await row.getByRole('button', { name: 'Delivery log' }).click();
      const log = page.getByRole('region', { name: 'Delivery log' });
      const text = (await log.textContent()) ?? '';
      return text.includes('webhook.test') && text.includes('delivered') ? true : undefined;
    }, 'the delivery in the log');

    // The secret is not shown again once the page is left.
    await page.reload();
    await page.locator('tr[data-webhook-id]').first().waitFor();
    expect(await page.locator('.webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await page.context().close();
  });
});
