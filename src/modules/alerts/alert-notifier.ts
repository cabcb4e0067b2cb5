import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { alertRecipients, findAlert, listEnabledWebhooks } from './alert.repository.js';

export const webhookJobKind = 'alerts.webhook';
export const emailJobKind = 'alerts.email';

export interface WebhookJobPayload {
  deliveryId: number;
}
export interface EmailJobPayload {
  emailId: number;
}

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
    const delivery = await db
      .insertInto('webhook_deliveries')
      .values({
        organisation_id: organisationId,
        webhook_id: webhook.id,
        alert_id: alertId,
        event: 'alert.opened',
        status: 'pending',
        response_status: null,
        delivered_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const payload: WebhookJobPayload = { deliveryId: delivery.id };
    await enqueueJob(db, webhookJobKind, payload, { maxAttempts: 10 });
  }
  const alert = await findAlert(db, organisationId, alertId);
  if (!alert) return;
  const recipients = configuredRecipients ?? (await alertRecipients(db, organisationId));
  for (const recipient of recipients) {
    const email = await db
      .insertInto('email_outbox')
      .values({
        organisation_id: organisationId,
        alert_id: alertId,
        recipient,
        subject: `[Hearken] ${alert.severity} backlash alert: ${alert.summary.split(':')[0]}`,
        body: `${alert.summary}\n\nSeverity: ${alert.severity}\nSince: ${new Date(alert.first_hour_start).toISOString()}\n`,
        status: 'queued',
        attempts: 0,
        last_error: null,
        sent_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const payload: EmailJobPayload = { emailId: email.id };
    await enqueueJob(db, emailJobKind, payload, { maxAttempts: 6 });
  }
}
