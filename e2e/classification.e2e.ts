import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, postInbound } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/** What the models read in a message, shown to the agent, and an agent's correction of it. */
const enabled = requireChromium();
const password = 'e2e password long enough';
const text = 'I will cancel my account, you charged me twice again and nobody answers <b>ever</b>';
const happyText = 'Thank you so much, the new app is wonderful and works perfectly! <img src=x>';
const upsetText = 'The app crashed again and I lost all my work, terrible <i>service</i>';
let server: HearkenServer;
let browser: Browser;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Ada Agent', 'agent', 'ada@example.com', password);
  await postInbound(server.url, await admin.inboundToken(), {
    handle: 'leaving_customer',
    name: 'Lee Leaving',
    text,
    externalId: `churn-${Date.now()}`,
  });
  for (const [handle, name, body] of [
    ['happy_customer', 'Hana Happy', happyText],
    ['upset_customer', 'Uma Upset', upsetText],
  ] as const) {
    await postInbound(server.url, await admin.inboundToken(), {
      handle,
      name,
      text: body,
      externalId: `${handle}-${Date.now()}`,
    });
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(enabled)('classification in the conversation view', () => {
  it('shows sentiment, churn risk and the priority reason, and takes a correction', async () => {
    const page = await signInPage(browser, server.url, 'ada@example.com', password);
    const row = page.locator('.conversation-row', { hasText: 'I will cancel my account' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByRole('heading', { name: 'Lee Leaving', level: 1 }).waitFor();

    const message = page.locator('.message-inbound').last();
    expect(await message.locator('.message-text').textContent()).toBe(text);
    expect(await page.locator('.thread b').count()).toBe(0);
    const badges = message.getByTestId('message-badges');
    await badges.waitFor();
    expect(await badges.getByTestId('sentiment-badge').textContent()).toMatch(
      /^negative −\d\.\d\d$/,
    );
    expect(await badges.getByTestId('churn-badge').textContent()).toContain('churn risk');
    expect(await badges.textContent()).toMatch(/intent: /);
    expect(await badges.textContent()).toContain('EN');
    expect(await page.getByTestId('priority').textContent()).toContain('urgent');
    expect(await page.getByTestId('priority-reason').textContent()).toMatch(
      /why urgent\? churn risk: .*cancel/,
    );

    // The agent disagrees with the sentiment: the menu lists the model's labels.
    await badges.getByRole('button', { name: /negative/ }).click();
    const menu = page.getByRole('menu', { name: 'Correct sentiment' });
    await menu.waitFor();
    expect(await menu.getByRole('menuitemradio').allTextContents()).toEqual([
      'negative',
      'neutral',
      'positive',
    ]);
    expect(
      await menu.getByRole('menuitemradio', { name: 'negative' }).getAttribute('aria-checked'),
    ).toBe('true');
    const sent = page.waitForRequest(
      (request) =>
        request.method() === 'PUT' && request.url().includes('/classification/sentiment'),
    );
    const answered = page.waitForResponse((response) =>
      response.url().includes('/classification/sentiment'),
    );
    await menu.getByRole('menuitemradio', { name: 'neutral' }).click();
    const request = await sent;
    expect(request.headers()['x-csrf-token']).toBeTruthy();
    expect(request.postDataJSON()).toEqual({ label: 'neutral' });
    expect((await answered).status()).toBe(200);
    const corrected = badges.getByRole('button', { name: /neutral/ });
    await corrected.filter({ hasText: 'corrected' }).waitFor();
    await menu.waitFor({ state: 'detached' });

    // Anger too, from its own badge.
    await badges
      .getByRole('button', { name: /angry|not angry/ })
      .first()
      .click();
    await page
      .getByRole('menu', { name: 'Correct anger' })
      .getByRole('menuitemradio', { name: 'angry', exact: true })
      .click();
    await badges.getByRole('button', { name: /angry · corrected/ }).waitFor();
    await page.context().close();
  });

  it("filters the inbox by the customer's mood, corrections included", async () => {
    const page = await signInPage(browser, server.url, 'ada@example.com', password);
    const rows = {
      churn: page.locator('.conversation-row', { hasText: 'I will cancel my account' }),
      happy: page.locator('.conversation-row', { hasText: 'the new app is wonderful' }),
      upset: page.locator('.conversation-row', { hasText: 'I lost all my work' }),
    };
    for (const row of Object.values(rows)) await row.waitFor({ timeout: 15_000 });
    // Customer text stays text in the list: no element is made from it.
    expect(await rows.happy.locator('.row-preview').textContent()).toBe(happyText);
    expect(await rows.upset.locator('.row-preview').textContent()).toBe(upsetText);
    expect(await page.locator('.conversation-list img, .conversation-list i').count()).toBe(0);

    const mood = page.getByLabel('Customer mood');
    type Row = keyof typeof rows;
    const show = async (value: string, visible: Row[], hidden: Row[]) => {
      const listed = page.waitForResponse(
        (response) =>
          response.url().includes('/api/v1/conversations?') &&
          response.url().includes(value === 'angry' ? 'angry=true' : `sentiment=${value}`),
      );
      await mood.selectOption(value);
      expect((await listed).status()).toBe(200);
      for (const name of visible) await rows[name].waitFor();
      for (const name of hidden) await rows[name].waitFor({ state: 'detached' });
    };
    await show('positive', ['happy'], ['churn', 'upset']);
    await show('negative', ['upset'], ['churn', 'happy']);
    // The first test corrected the churn message to neutral and angry: the filters follow.
    await show('neutral', ['churn'], ['happy', 'upset']);
    // (Whether the model reads the upset customer as angry is the model's call.)
    await show('angry', ['churn'], ['happy']);
    await mood.selectOption('');
    for (const row of Object.values(rows)) await row.waitFor();
    await page.context().close();
  });
});
