import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import {
  alertRecipients,
  findAlert,
  insertOutboxEmail,
  insertWebhookDelivery,
  listEnabledWebhooks,
} from './alert.repository.js';

const Id = Type.Integer({ minimum: 1 });

/** Sends one webhook delivery (handler in alert.jobs.ts). */
export const webhookDelivery = { kind: 'alerts.webhook', payload: Type.Object({ deliveryId: Id }) };

/** Sends one e-mail of the outbox (handler in alert.jobs.ts). */
export const emailDelivery = { kind: 'alerts.email', payload: Type.Object({ emailId: Id }) };

/**
 * Queues the alert's webhook deliveries and e-mails in the transaction that opened it, so an
 * alert is never stored without its notifications (or notified without being stored). Sending
 * happens in jobs, which retry with backoff.
 */
export async function notifyAlertOpened(
  db: Kysely<Database>,
  organisationId: number,
  alertId: number,
  configuredRecipients: string[] | null,
  now: number,
): Promise<void> {
  for (const webhook of await listEnabledWebhooks(db, organisationId)) {
    const deliveryId = await insertWebhookDelivery(db, {
      organisationId,
      webhookId: webhook.id,
      alertId,
      event: 'alert.opened',
      now,
    });
    await enqueue(db, webhookDelivery, { deliveryId }, { maxAttempts: 10, organisationId });
  }
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
