import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../src/test/smtp-receiver.js';
import { launchChromium, requireChromium } from './browser.js';
import { eventually, signInPage } from './e2e-fixtures.js';
import { type HearkenServer, startHearken } from './hearken-server.js';

/**
 * A new admin on a fresh install runs Hearken from the browser: invites an agent (the invitation
 * goes through a real SMTP conversation to a receiver this test runs), adds a label and a canned
 * reply, creates an API token shown once, and finds all of it in the audit log; the agent opens
 * the mailed link in their own browser, sets a password and signs in.
 */
const enabled = requireChromium();
const agentEmail = 'ada.agent@example.com';
const agentPassword = 'ada sets her own passphrase';
let smtp: SmtpReceiver;
let server: HearkenServer;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  if (!enabled) return;
  smtp = await startSmtpReceiver();
  server = await startHearken({ environment: { HEARKEN_SMTP_URL: smtp.url } });
  browser = await launchChromium();
  admin = await signInPage(browser, server.url, server.adminEmail, server.adminPassword);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function bearerStatus(token: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/conversations`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status;
}

async function openAdministration(page: Page, tab: string) {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Administration' })
    .click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: tab })
    .click();
  await page.getByRole('heading', { level: 1, name: tab }).waitFor();
}

describe.runIf(enabled)('administration in the browser', () => {
  it('invites an agent by e-mail; the agent sets a password through the link and signs in', async () => {
    await openAdministration(admin, 'Users');
    const invite = admin.getByRole('region', { name: 'Invite someone' });
    await invite.getByLabel('Name').fill('Ada Agent');
    await invite.getByLabel('E-mail').fill(agentEmail);
    await invite.getByLabel('Role').selectOption('agent');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByText('A link was e-mailed to Ada Agent').waitFor();
    const row = admin.locator(`tr[data-user-email="${agentEmail}"]`);
    await row.getByText('Invited').waitFor();

    const mail = await smtp.nextTo(agentEmail);
    expect(mail.data).toContain('Subject: You are invited to Hearken');
    const link = /http:\/\/\S+\/set-password#token=[A-Za-z0-9_-]+/.exec(mail.data)?.[0];
    expect(link, mail.data).toBeDefined();
    const linkUrl = new URL(link as string);
    const target = `${server.url}${linkUrl.pathname}${linkUrl.hash}`;

    // The agent's own browser.
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const agent = await agentContext.newPage();
    agent.on('pageerror', (error) => {
      throw error;
    });
    await agent.goto(target);
    await agent.getByText('Welcome,').waitFor();
    expect(await agent.locator('main').textContent()).toContain(agentEmail);
    // The token leaves the address bar once the page has it.
    expect(agent.url()).not.toContain('token=');
    await agent.getByLabel('New password').fill(agentPassword);
    await agent.getByLabel('The same again').fill(agentPassword);
    await agent.getByRole('button', { name: 'Set password' }).click();
    await agent.getByText('Your password is set.').waitFor();
    await agent.getByRole('button', { name: 'Go to sign-in' }).click();
    await agent.getByLabel('E-mail').fill(agentEmail);
    await agent.getByLabel('Password').fill(agentPassword);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('button', { name: 'Sign out' }).waitFor();
    // Agents have no administration.
    expect(await agent.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    // The same link does nothing a second time.
    const again = await agentContext.newPage();
    await again.goto(target);
    await again.getByText('expired or was already used').waitFor();
    await agentContext.close();

    await admin.reload();
    await row.getByText('Active').waitFor();
  });

  it('creates a team with the agent in it; the agent sets herself available', async () => {
    await openAdministration(admin, 'Teams');
    await admin.getByLabel('Team name').fill('Billing');
    await admin.getByLabel('Team timezone').selectOption('Europe/Berlin');
    await admin.getByRole('button', { name: 'Create team' }).click();
    await admin.getByText('Team Billing is created.').waitFor();
    await admin.getByLabel('Add a member').selectOption({ label: 'Ada Agent' });
    await admin.getByRole('button', { name: 'Add to team' }).click();
    await admin.getByRole('rowheader', { name: 'Ada Agent' }).waitFor();
    await admin.getByLabel('Capacity of Ada Agent').fill('3');
    await admin.getByRole('button', { name: 'Set' }).click();
    await admin.getByText('Ada Agent takes up to 3 open conversations.').waitFor();

    const agent = await signInPage(browser, server.url, agentEmail, agentPassword);
    const availability = agent.getByLabel('My availability');
    expect(await availability.inputValue()).toBe('offline');
    await availability.selectOption('available');
    // Remembered by the server: a reload shows it, and so do colleagues' views.
    await eventually(async () => {
      await agent.reload();
      const shown = await agent.getByLabel('My availability').inputValue();
      return shown === 'available' ? shown : undefined;
    }, 'the availability after a reload');
    await agent.context().close();
    await admin.reload();
    expect(await admin.getByRole('row', { name: /Ada Agent/ }).textContent()).toContain(
      'available',
    );
  });

  it('adds a label and a canned reply with a preview, and an API token shown once', async () => {
    await openAdministration(admin, 'Labels');
    await admin.getByLabel('Name').fill('Refund');
    await admin.getByLabel('Colour').selectOption('amber');
    await admin.getByRole('button', { name: 'Add label' }).click();
    await admin.getByRole('button', { name: 'Delete label Refund' }).waitFor();

    await openAdministration(admin, 'Canned replies');
    await admin.getByLabel('Shortcut').fill('refund-sent');
    await admin.getByLabel('Title').fill('Refund sent');
    await admin
      .getByLabel('Text')
      .fill('Hello {{contact.name}}, your refund is on its way. {{agent.name}}');
    expect(await admin.getByTestId('canned-preview').textContent()).toBe(
      'Hello Dana Smith, your refund is on its way. Alex',
    );
    await admin.getByRole('button', { name: 'Add reply' }).click();
    await admin.getByRole('region', { name: 'Canned replies' }).getByText('/refund-sent').waitFor();

    await openAdministration(admin, 'API tokens');
    await admin.getByLabel('Name').fill('CRM sync');
    await admin.getByRole('button', { name: 'Create token' }).click();
    const secret = (await admin.getByTestId('new-token').textContent()) ?? '';
    expect(secret).toMatch(/^hk_/);
    expect(await bearerStatus(secret)).toBe(200);
    await admin.reload();
    await admin.getByRole('region', { name: 'API tokens' }).getByText('CRM sync').waitFor();
    expect(await admin.getByTestId('new-token').count()).toBe(0);
    await admin.getByRole('button', { name: 'Revoke' }).click();
    await admin.getByText(/^Revoked /).waitFor();
    expect(await bearerStatus(secret)).toBe(401);
  });

  it('names the organisation and sets its timezone and language', async () => {
    await openAdministration(admin, 'Organisation');
    await admin.getByLabel('Organisation name').fill('Acme Bank');
    await admin.getByLabel('Timezone').selectOption('Europe/Lisbon');
    await admin.getByLabel('Language').selectOption('pt-BR');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved.').waitFor();
    await admin.reload();
    await admin.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await admin.getByLabel('Organisation name').inputValue()).toBe('Acme Bank');
    expect(await admin.getByLabel('Timezone').inputValue()).toBe('Europe/Lisbon');
    expect(await admin.getByLabel('Language').inputValue()).toBe('pt-BR');
  });

  it('lists every change in the audit log, filterable, with a CSV of it', async () => {
    await openAdministration(admin, 'Audit log');
    const entries = admin.getByRole('region', { name: 'Audit entries' });
    for (const action of [
      'organisation.updated',
      'user.invited',
      'user.invitation_accepted',
      'label.created',
      'api_token.revoked',
    ]) {
      await entries.getByText(action, { exact: true }).first().waitFor();
    }
    await admin.getByLabel('What').selectOption('user');
    // The filtered answer replaces the list (the old one stays while it loads).
    await entries.getByText('label.created', { exact: true }).waitFor({ state: 'detached' });
    await entries.getByText('user.invited', { exact: true }).waitFor();
    const href =
      (await admin.getByRole('link', { name: 'CSV of these entries' }).getAttribute('href')) ?? '';
    expect(href).toContain('subject_type=user');
    expect(href).toContain('format=csv');
  });
});
