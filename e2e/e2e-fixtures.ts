import type { Browser, Page } from 'playwright-core';

/** One message as POST /api/v1/inbound takes it (the fields these tests use). */
export interface InboundMessage {
  channel: string;
  channel_account: string;
  external_id: string;
  direction: 'inbound' | 'outbound';
  author: { handle: string; name?: string };
  text: string;
  created_at: string;
  in_reply_to?: string;
}

/** Delivers messages in batches of up to 1,000, the inbound API's limit. */
export async function postInboundBatch(
  baseUrl: string,
  token: string,
  messages: InboundMessage[],
): Promise<void> {
  for (let start = 0; start < messages.length; start += 1000) {
    const response = await fetch(`${baseUrl}/api/v1/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: messages.slice(start, start + 1000) }),
    });
    if (response.status !== 202) throw new Error(`inbound failed: ${await response.text()}`);
  }
}

/** Signs in and waits for the app's top bar; fails the test on any uncaught page error. */
export async function signInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(baseUrl);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** Retries `check` until it returns a value, for results a background job produces. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
