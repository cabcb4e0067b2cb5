import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, signInPage } from './e2e-fixtures.js';
import { runSql } from './hearken-database.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

const enabled = requireChromium();
const password = 'e2e password long enough';
let server: HearkenServer;
let browser: Browser;
let admin: ApiSession;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.createUser('Lee Lead', 'lead', 'lee@example.com', password);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface JobBody {
  id: number;
  status: string;
}

/**
 * Queues a real ingest job whose payload its handler rejects, with one attempt: the server's
 * worker runs it, it fails, and it is a dead letter, exactly as a bug in production leaves it.
 * The note stands for customer text and carries markup that must show as text.
 */
async function failingJob(note: string): Promise<number> {
  const now = Date.now();
  const [row] = await runSql(
    server,
    `insert into jobs (kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
     values ('ingest.process', ?, 'ready', 0, 1, ?, ?, ?) returning id`,
    [JSON.stringify({ note }), now, now, now],
  );
  const id = Number(row?.id);
  await eventually(async () => {
    const dead = await admin.request<{ data: JobBody[] }>('GET', '/api/v1/admin/jobs?status=dead');
    return dead.data.some((job) => job.id === id) ? true : undefined;
  }, `job ${id} to die`);
  return id;
}

/** "Deploys the fix": the payload the handler expects, so the next attempt succeeds. */
async function fixJob(id: number): Promise<void> {
  const [organisation] = await runSql(server, 'select id from organisations order by id limit 1');
  await runSql(server, 'update jobs set payload = ? where id = ?', [
    JSON.stringify({ organisationId: Number(organisation?.id), eventIds: [] }),
    id,
  ]);
}

async function queueHolds(id: number): Promise<boolean> {
  const all = await admin.request<{ data: JobBody[] }>('GET', '/api/v1/admin/jobs?limit=500');
  return all.data.some((job) => job.id === id);
}

function jobRow(page: Page, id: number) {
  return page.locator(`tr[data-job-id="${id}"]`);
}

describe.runIf(enabled)('the dead-job screen in Chromium', () => {
  it('is offered to admins only', async () => {
    const lead = await signInPage(browser, server.url, 'lee@example.com', password);
    await lead.getByRole('link', { name: 'Reports' }).waitFor();
    expect(await lead.getByRole('link', { name: 'Dead jobs' }).count()).toBe(0);
    await lead.context().close();
  });

  it('shows a failed job, retries one, then the rest, until nothing is dead', async () => {
    const page = await signInPage(browser, server.url, server.adminEmail, server.adminPassword);
    // The list cannot be loaded: the page says so instead of showing an empty list.
    await page.route('**/api/v1/admin/jobs?status=dead*', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'database unavailable' } }),
      }),
    );
    await page.getByRole('link', { name: 'Dead jobs' }).click();
    await page.getByRole('alert').filter({ hasText: 'database unavailable' }).waitFor();
    await page.unroute('**/api/v1/admin/jobs?status=dead*');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('heading', { name: 'No dead jobs' }).waitFor();
    expect(await page.getByRole('button', { name: 'Retry all' }).isDisabled()).toBe(true);

    const first = await failingJob('Charged twice <img src=x onerror="window.hacked=1"> please');
    const second = await failingJob(`Card blocked abroad ${'again '.repeat(60)}`);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await jobRow(page, first).waitFor();
    const text = (await jobRow(page, first).textContent()) ?? '';
    expect(text).toContain('ingest.process');
    expect(text).toContain('1 / 1');
    expect(text).toContain('payload of ingest.process does not match its schema');
    // Customer text is text: the markup shows as written and never becomes an element.
    expect(text).toContain('<img src=x onerror=');
    expect(await page.locator('.dead-jobs-table img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();
    // A long payload arrives cut.
    expect(await jobRow(page, second).locator('.dead-job-payload').textContent()).toMatch(/…$/);

    await fixJob(first);
    await page.getByRole('button', { name: `Retry job ${first}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Job ${first}` })
      .waitFor();
    await jobRow(page, first).waitFor({ state: 'detached' });
    expect(await jobRow(page, second).count()).toBe(1);
    // Back in the queue with fresh attempts, and this time the worker finishes it.
    await eventually(async () => ((await queueHolds(first)) ? undefined : true), 'the retry');

    await fixJob(second);
    await page.getByRole('button', { name: 'Retry all' }).click();
    await page.getByRole('status').filter({ hasText: '1 job is queued again' }).waitFor();
    await page.getByRole('heading', { name: 'No dead jobs' }).waitFor();
    await eventually(async () => ((await queueHolds(second)) ? undefined : true), 'retry all');
    await page.context().close();
  });
});
