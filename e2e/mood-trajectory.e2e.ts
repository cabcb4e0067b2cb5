import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, type InboundMessage, postInboundBatch, signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/** The customer's mood over a conversation in its header, and at its latest message in the list. */
const enabled = requireChromium();
const password = 'e2e password long enough';
const run = Date.now();
const texts = {
  furious: 'This is outrageous, you charged me twice and nobody answers. I am <b>furious</b>!',
  question: 'Which account number do you need from me?',
  thanks: 'Thank you so much, it is fixed now, wonderful service! <img src=x>',
  relapse: 'And now it charged me AGAIN. Absolutely disgraceful, I am furious, terrible service!',
};
/** The colours of listening.css, as the browser computes them. */
const colours = {
  negative: 'rgb(180, 35, 24)',
  neutral: 'rgb(152, 162, 179)',
  positive: 'rgb(6, 118, 71)',
} as Record<string, string>;

interface Point {
  message_id: number;
  sentiment: string | null;
  angry: boolean;
}
interface Detail {
  conversation: { latest_customer_sentiment: Point | null };
  sentiment_trajectory: {
    points: Point[];
    summary: { first: string | null; latest: string | null; trend: string | null };
  };
}

let server: HearkenServer;
let browser: Browser;
let admin: ApiSession;
let token: string;
let conversationId: number;
let lastExternalId: string;

const customer = { handle: 'moody_customer', name: 'Max Mood' };
function inbound(key: string, text: string, inReplyTo?: string, minute = 0): InboundMessage {
  return {
    channel: 'twitter',
    channel_account: 'AcmeSupport',
    external_id: `${key}-${run}`,
    direction: 'inbound',
    author: customer,
    text,
    created_at: new Date(run - 60 * 60_000 + minute * 60_000).toISOString(),
    ...(inReplyTo ? { in_reply_to: inReplyTo } : {}),
  };
}

const detail = () => admin.request<Detail>('GET', `/api/v1/conversations/${conversationId}`);

/** The strip shows the API's points, in order, one dot each, coloured by sentiment. */
async function expectStripMatches(strip: Locator, points: Point[]) {
  const dots = strip.locator('li.mood-dot');
  expect(await dots.count()).toBe(points.length);
  for (const [index, point] of points.entries()) {
    const dot = dots.nth(index);
    expect(await dot.getAttribute('data-sentiment')).toBe(point.sentiment ?? 'unknown');
    expect(await dot.getAttribute('data-angry')).toBe(point.angry ? 'true' : null);
    expect(await dot.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
      colours[point.sentiment ?? ''] ?? 'rgb(255, 255, 255)',
    );
    // Its meaning in words, for the tooltip and screen readers.
    const title = (await dot.getAttribute('title')) ?? '';
    expect(title).toContain(point.sentiment ?? 'not classified');
    expect(await dot.textContent()).toBe(title);
  }
}

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Ada Agent', 'agent', 'ada.mood@example.com', password);
  token = await admin.inboundToken();
  const first = inbound('mood-1', texts.furious);
  const reply: InboundMessage = {
    ...inbound('mood-reply', 'So sorry! Which account is it? Happy to help, have a wonderful day.'),
    direction: 'outbound',
    author: { handle: 'AcmeSupport', name: 'Acme' },
    in_reply_to: first.external_id,
    created_at: new Date(run - 59 * 60_000).toISOString(),
  };
  const second = inbound('mood-2', texts.question, reply.external_id, 2);
  const third = inbound('mood-3', texts.thanks, second.external_id, 3);
  lastExternalId = third.external_id;
  await postInboundBatch(server.url, token, [first, reply, second, third]);
  conversationId = await eventually(async () => {
    const list = await admin.request<{ data: { id: number; message_count: number }[] }>(
      'GET',
      '/api/v1/conversations?limit=50',
    );
    return list.data.find((row) => row.message_count === 4)?.id;
  }, 'the threaded conversation');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(enabled)('the customer mood trajectory', () => {
  it('shows one dot per customer message, the trend, the list marker, and follows live messages and corrections', async () => {
    const page = await signInPage(browser, server.url, 'ada.mood@example.com', password);
    const row = page.locator(`.conversation-row[data-conversation-id="${conversationId}"]`);
    await row.waitFor({ timeout: 15_000 });

    // The list row's marker: the latest customer message's mood.
    let api = await detail();
    const latest = api.conversation.latest_customer_sentiment;
    expect(latest?.sentiment).toBe('positive');
    const marker = row.getByTestId('mood-marker');
    expect(await marker.getAttribute('data-sentiment')).toBe('positive');
    expect(await marker.getAttribute('aria-label')).toMatch(/^Latest customer message: positive/);
    expect(await marker.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
      colours.positive,
    );

    await row.click();
    await page.getByRole('heading', { name: 'Max Mood', level: 1 }).waitFor();
    const strip = page.getByTestId('mood-trajectory');
    await strip.waitFor();
    // Three customer messages; the brand's cheerful reply is not the customer's mood.
    expect(api.sentiment_trajectory.points).toHaveLength(3);
    expect(api.sentiment_trajectory.points[0]?.sentiment).toBe('negative');
    await expectStripMatches(strip, api.sentiment_trajectory.points);
    expect(
      await strip.getByRole('list', { name: 'Customer sentiment, message by message' }).count(),
    ).toBe(1);
    expect(await page.getByTestId('mood-summary').textContent()).toBe(
      'negative → positive · improving',
    );
    // Customer text stays text: nothing in the page is made from it.
    expect(await page.locator('.thread b, .thread img, .conversation-list img').count()).toBe(0);

    // A new customer message arrives over the live stream: the strip grows like the thread.
    const relapse = inbound('mood-4', texts.relapse, lastExternalId, 5);
    await postInboundBatch(server.url, token, [relapse]);
    await page.locator('.message-inbound', { hasText: 'charged me AGAIN' }).waitFor();
    await strip.locator('li.mood-dot').nth(3).waitFor();
    api = await detail();
    expect(api.sentiment_trajectory.points).toHaveLength(4);
    expect(api.sentiment_trajectory.points[3]?.sentiment).toBe('negative');
    await expectStripMatches(strip, api.sentiment_trajectory.points);
    await page
      .getByTestId('mood-summary')
      .filter({ hasText: /^negative → negative · / })
      .waitFor();
    await marker.and(page.locator('[data-sentiment="negative"]')).waitFor();

    // The agent corrects the latest message: the dot and the list marker follow at once.
    const badges = page.getByTestId('message-badges').last();
    await badges.getByRole('button', { name: /negative/ }).click();
    await page
      .getByRole('menu', { name: 'Correct sentiment' })
      .getByRole('menuitemradio', { name: 'neutral' })
      .click();
    const lastDot = strip.locator('li.mood-dot').nth(3);
    await lastDot.and(page.locator('[data-sentiment="neutral"]')).waitFor();
    expect(await lastDot.getAttribute('title')).toContain('corrected by an agent');
    await marker.and(page.locator('[data-sentiment="neutral"]')).waitFor();
    await page
      .getByTestId('mood-summary')
      .filter({ hasText: 'negative → neutral · improving' })
      .waitFor();
    api = await detail();
    await expectStripMatches(strip, api.sentiment_trajectory.points);
    await page.context().close();
  });
});
