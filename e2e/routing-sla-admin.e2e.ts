import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, postInbound } from './api-session.js';
import { launchChromium, requireChromium } from './browser.js';
import { signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * A lead runs routing rules and SLA policies from the browser: previews a draft on recent
 * conversations, sees field errors beside the fields, adds, edits, reorders and switches rules
 * off; an agent is refused; both pages pass axe and fit a 360 px screen.
 */
const enabled = requireChromium();
const password = 'e2e password long enough';
let server: HearkenServer;
let browser: Browser;
let lead: Page;

beforeAll(async () => {
  if (!enabled) return;
  server = await startHearken();
  const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
  await admin.request('POST', '/api/v1/teams', { name: 'Billing', timezone: 'UTC' });
  await admin.request('POST', '/api/v1/teams', { name: 'Social', timezone: 'UTC' });
  await admin.createUser('Lee Lead', 'lead', 'lee@example.com', password);
  await admin.createUser('Ada Agent', 'agent', 'ada@example.com', password);
  const token = await admin.inboundToken();
  const texts = [
    'I want a refund, the fee was taken twice',
    'Refund please: my card was charged for nothing',
    'How do I change my address?',
  ];
  for (const [index, text] of texts.entries()) {
    await postInbound(server.url, token, {
      handle: `routing_e2e_${index}`,
      name: `Customer ${index}`,
      text,
      externalId: `routing-e2e-${Date.now()}-${index}`,
    });
  }
  browser = await launchChromium();
  lead = await signInPage(browser, server.url, 'lee@example.com', password);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target}`),
    );
}

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function open(page: Page, tab: string) {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Administration' })
    .click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: tab })
    .click();
  await page.getByRole('heading', { level: 1, name: tab }).waitFor();
  await page.locator('[aria-busy=true]').first().waitFor({ state: 'detached' });
}

const rules = () => lead.locator('.rule-list > li');
const ruleNames = async () =>
  rules().evaluateAll((items) => items.map((item) => item.getAttribute('data-rule-name')));

describe.runIf(enabled)('routing rules and SLA policies in the browser', () => {
  it('previews, validates, adds, edits, reorders and switches off routing rules', async () => {
    await open(lead, 'Routing rules');
    await lead.getByText('No rules yet').waitFor();
    expect(await seriousViolations(lead)).toEqual([]);
    const form = lead.getByRole('region', { name: 'New rule' });

    // A draft without a name: the server's message appears beside the name, nothing is saved.
    await form.getByLabel('Send to team').selectOption({ label: 'Billing' });
    await form.getByLabel('Mentions any of').fill('refund');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const nameProblem = form.locator('#rule-name-problem');
    await nameProblem.waitFor();
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await rules().count()).toBe(0);

    // The preview tries the draft on the conversations that came in.
    await form.getByLabel('Name').fill('Refunds to billing');
    await form.getByRole('button', { name: 'Preview on recent conversations' }).click();
    const preview = form.getByRole('region', { name: 'Preview' });
    await preview.getByText('2 of the last 3 conversations').waitFor();
    expect(await preview.locator('.preview-excerpt').allTextContents()).toEqual([
      'Refund please: my card was charged for nothing',
      'I want a refund, the fee was taken twice',
    ]);
    await form.getByRole('button', { name: 'Add rule' }).click();
    await lead.getByText('Rule "Refunds to billing" is added').waitFor();

    await form.getByLabel('Name').fill('Everything else to social');
    await form.getByLabel('Send to team').selectOption({ label: 'Social' });
    await form.getByRole('button', { name: 'Add rule' }).click();
    await lead.getByText('Rule "Everything else to social" is added').waitFor();
    await expect.poll(ruleNames).toEqual(['Refunds to billing', 'Everything else to social']);

    await lead.getByRole('button', { name: 'Move Everything else to social up' }).click();
    await lead.getByText('moved up').waitFor();
    await expect.poll(ruleNames).toEqual(['Everything else to social', 'Refunds to billing']);

    await lead.getByRole('button', { name: 'Switch off Everything else to social' }).click();
    await rules().first().getByText('Off').waitFor();

    // Edit: a keyword list that normalises to nothing is refused beside the keywords.
    await lead.getByRole('button', { name: 'Edit Refunds to billing' }).click();
    const edit = lead.getByRole('region', { name: 'Edit rule: Refunds to billing' });
    await edit.getByLabel('Mentions any of').fill('refund, chargeback');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await lead.getByText('Rule "Refunds to billing" is saved').waitFor();
    await rules().nth(1).getByText('mentions refund or chargeback').waitFor();

    // What the browser did is what the API holds.
    const api = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
    const stored = await api.request<{
      data: { name: string; enabled: boolean; conditions: { keywords?: string[] } }[];
    }>('GET', '/api/v1/routing/rules');
    expect(stored.data.map((rule) => [rule.name, rule.enabled, rule.conditions.keywords])).toEqual([
      ['Everything else to social', false, undefined],
      ['Refunds to billing', true, ['refund', 'chargeback']],
    ]);
  }, 120_000);

  it('adds SLA policies with a preview and field errors, and reorders them', async () => {
    await open(lead, 'SLA policies');
    await lead.getByText('No SLA policies yet').waitFor();
    expect(await seriousViolations(lead)).toEqual([]);
    const form = lead.getByRole('region', { name: 'New SLA policy' });
    await form.getByLabel('Name').fill('Billing within the hour');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await form.getByText('set at least one target').waitFor();
    expect(await lead.locator('.rule-list').count()).toBe(0);

    await form.getByLabel('First response').fill('60');
    await form.getByLabel("Count only the team's business hours").uncheck();
    // No conversation is Billing's yet (rules route only new ones): the preview says so.
    await form.getByRole('checkbox', { name: 'Billing' }).check();
    await form.getByRole('button', { name: 'Preview on recent conversations' }).click();
    const preview = form.getByRole('region', { name: 'Preview' });
    await preview.getByText('0 of the last 3 conversations').waitFor();
    await form.getByRole('checkbox', { name: 'Billing' }).uncheck();
    await form.getByRole('button', { name: 'Preview on recent conversations' }).click();
    await preview.getByText('3 of the last 3 conversations').waitFor();
    // Nobody has answered them yet, but they are minutes old: none has missed the hour.
    await preview.getByText('0 would have missed its first-response target').waitFor();
    await form.getByRole('button', { name: 'Add policy' }).click();
    await lead.getByText('Policy "Billing within the hour" is added').waitFor();

    await form.getByLabel('Name').fill('Everyone within a day');
    await form.getByLabel('Resolution').fill('1440');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await lead.getByText('Policy "Everyone within a day" is added').waitFor();
    const names = () =>
      lead
        .locator('.rule-list > li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-policy-name')));
    await expect.poll(names).toEqual(['Billing within the hour', 'Everyone within a day']);
    await lead.getByRole('button', { name: 'Move Everyone within a day up' }).click();
    await expect.poll(names).toEqual(['Everyone within a day', 'Billing within the hour']);
    await lead.locator('.rule-list > li').nth(1).getByText('first response 1 h').waitFor();
  }, 120_000);

  it('shows an agent the conversations of their teams in My teams, in one request', async () => {
    const admin = await ApiSession.signIn(server.url, server.adminEmail, server.adminPassword);
    const teams = await admin.request<{ data: { id: number; name: string }[] }>(
      'GET',
      '/api/v1/teams',
    );
    const billing = teams.data.find((team) => team.name === 'Billing')?.id as number;
    const users = await admin.request<{ data: { id: number; email: string }[] }>(
      'GET',
      '/api/v1/users',
    );
    const ada = users.data.find((user) => user.email === 'ada@example.com')?.id as number;
    await admin.request('PUT', `/api/v1/teams/${billing}/members/${ada}`, {});
    const open = await admin.request<{ data: { id: number; preview: string | null }[] }>(
      'GET',
      '/api/v1/conversations?status=open',
    );
    const address = open.data.find((row) => row.preview?.includes('address'));
    expect(address).toBeDefined();
    await admin.request('PATCH', `/api/v1/conversations/${address?.id}`, { team_id: billing });

    const agent = await signInPage(browser, server.url, 'ada@example.com', password);
    const requests: string[] = [];
    agent.on('request', (request) => {
      if (request.url().includes('/api/v1/conversations?')) requests.push(request.url());
    });
    await agent.goto(`${server.url}/?view=teams`);
    await agent.locator('.conversation-row', { hasText: 'Customer 2' }).waitFor();
    expect(await agent.locator('.conversation-row').count()).toBe(1);
    expect(requests.some((url) => new URL(url).searchParams.get('team') === 'mine')).toBe(true);
    expect(requests.every((url) => !new URL(url).searchParams.has('team_id'))).toBe(true);
    await agent.context().close();
  }, 60_000);

  it('fits a 360 px screen and refuses an agent', async () => {
    await lead.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/admin/routing', '/admin/sla']) {
      await lead.goto(`${server.url}${path}`);
      await lead.locator('.rule-list').waitFor();
      expect(await overflow(lead), path).toBe(0);
    }
    const agent = await signInPage(browser, server.url, 'ada@example.com', password);
    await agent.goto(`${server.url}/admin/routing`);
    await agent.getByText("You don't have access to routing rules").waitFor();
    await agent.context().close();
  }, 60_000);
});
