import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import { presentAlert } from './alert.presenter.js';
import { alertRecipients, findAlert, insertOutboxEmail } from './alert.repository.js';

const Id = Type.Integer({ minimum: 1 });

/** Sends one e-mail of the outbox (handler in alert.jobs.ts). */
export const emailDelivery = { kind: 'alerts.email', payload: Type.Object({ emailId: Id }) };

/**
 * Queues the alert's e-mails in the transaction that opened it, so an alert is never stored
 * without its notifications (or notified without being stored). Sending happens in jobs, which
 * retry with backoff. Webhooks hear `alert.opened` through the webhooks module's subscriber.
 */
export async function notifyAlertOpened(
  db: Kysely<Database>,
  organisationId: number,
  alertId: number,
  configuredRecipients: string[] | null,
  now: number,
): Promise<void> {
  const alert = await findAlert(db, organisationId, alertId);
  if (!alert) return;
  const recipients = configuredRecipients ?? (await alertRecipients(db, organisationId));
  for (const recipient of recipients) {
    const emailId = await insertOutboxEmail(db, {
      organisationId,
      alertId,
      recipient,
      subject: `[Hearken] ${alert.severity} backlash alert: ${alert.summary.split(':')[0]}`,
      body: `${alert.summary}\n\nSeverity: ${alert.severity}\nSince: ${new Date(alert.first_hour_start).toISOString()}\n`,
      now,
    });
    await enqueue(db, emailDelivery, { emailId }, { maxAttempts: 6, organisationId });
  }
}

/**
 * E-mails the organisation's admins and leads about something that needs a person (a channel
 * account that keeps failing), through the same outbox and job as alert e-mails.
 */
export async function notifyAdmins(
  db: Kysely<Database>,
  organisationId: number,
  message: { subject: string; body: string },
  now: number,
): Promise<number> {
  const recipients = await alertRecipients(db, organisationId);
  for (const recipient of recipients) {
    const emailId = await insertOutboxEmail(db, {
      organisationId,
      alertId: null,
      recipient,
      subject: `[Hearken] ${message.subject}`,
      body: message.body,
      now,
    });
    await enqueue(db, emailDelivery, { emailId }, { maxAttempts: 6 });
  }
  return recipients.length;
}

/** The alert as webhooks send it (the webhooks module builds `alert.*` bodies with it). */
export async function alertWebhookData(
  db: Kysely<Database>,
  organisationId: number,
  alertId: number,
): Promise<ReturnType<typeof presentAlert> | undefined> {
  const alert = await findAlert(db, organisationId, alertId);
  return alert ? presentAlert(alert) : undefined;
}
