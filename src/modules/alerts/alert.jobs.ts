import { type Kysely, sql } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { presentAlert } from './alert.presenter.js';
import { findAlert } from './alert.repository.js';
import { type DetectionSettings, detectSpikes } from './alert-detection.service.js';
import {
  type EmailJobPayload,
  emailJobKind,
  type WebhookJobPayload,
  webhookJobKind,
} from './alert-notifier.js';
import { sendEmail } from './smtp-sender.js';
import { defaultDetectorOptions } from './spike-detector.js';
import { signWebhook } from './webhook-signature.js';

export const detectJobKind = 'alerts.detect';

export interface DetectJobPayload {
  organisationId: number;
  hours: number[];
}

const detectLockNamespace = 7265;

export function detectionSettings(config: Config): DetectionSettings {
  return {
    detector: {
      ...defaultDetectorOptions,
      minimumCount: config.alertMinimumCount,
      zThreshold: config.alertZThreshold,
    },
    cooldownHours: config.alertCooldownHours,
    emailRecipients: config.alertEmailTo
      ? config.alertEmailTo
          .split(',')
          .map((address) => address.trim())
          .filter(Boolean)
      : null,
  };
}

/** One detection at a time per organisation, so two workers never open the same alert twice. */
async function lockDetection(trx: Kysely<Database>, dialect: DialectName, organisationId: number) {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${detectLockNamespace}, ${organisationId})`.execute(trx);
  }
}

export function createDetectJobHandler(
  context: AppContext,
  clock: () => number = Date.now,
): JobHandler {
  return async (trx, payload) => {
    const value = payload as Partial<DetectJobPayload> | null;
    if (typeof value?.organisationId !== 'number' || !Array.isArray(value.hours)) {
      throw new Error('alerts.detect payload must be { organisationId, hours }');
    }
    await lockDetection(trx, context.database.dialect, value.organisationId);
    const events = await detectSpikes(
      trx,
      value.organisationId,
      value.hours.filter((hour): hour is number => typeof hour === 'number'),
      clock(),
      detectionSettings(context.config),
    );
    return () => context.events.publish(events);
  };
}

/** POSTs the alert to the webhook; any answer but 2xx throws, so the queue retries with backoff. */
export function createWebhookJobHandler(timeoutMs = 5000): JobHandler {
  return async (trx, payload) => {
    const value = payload as Partial<WebhookJobPayload> | null;
    if (typeof value?.deliveryId !== 'number') throw new Error('alerts.webhook needs deliveryId');
    const delivery = await trx
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select([
        'webhook_deliveries.id',
        'webhook_deliveries.organisation_id',
        'webhook_deliveries.alert_id',
        'webhook_deliveries.event',
        'webhook_deliveries.status',
        'webhooks.url',
        'webhooks.secret',
        'webhooks.enabled',
      ])
      .where('webhook_deliveries.id', '=', value.deliveryId)
      .executeTakeFirst();
    if (!delivery || delivery.status === 'delivered' || delivery.enabled !== 1) return undefined;
    const alert = await findAlert(trx, delivery.organisation_id, delivery.alert_id);
    if (!alert) return undefined;
    const body = JSON.stringify({
      id: `delivery-${delivery.id}`,
      event: delivery.event,
      alert: presentAlert(alert),
    });
    const timestamp = Date.now();
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Hearken-Webhooks/1',
        'x-hearken-event': delivery.event,
        'x-hearken-delivery': String(delivery.id),
        'x-hearken-timestamp': String(timestamp),
        'x-hearken-signature': signWebhook(delivery.secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) {
      throw new Error(`webhook answered HTTP ${response.status}`);
    }
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'delivered', response_status: response.status, delivered_at: Date.now() })
      .where('id', '=', delivery.id)
      .execute();
    return undefined;
  };
}

/**
 * Sends a queued e-mail through HEARKEN_SMTP_URL. Without one there is nowhere to send it: the
 * e-mail is marked `not_configured` and stays in the outbox, visible to admins.
 */
export function createEmailJobHandler(config: Config): JobHandler {
  return async (trx, payload) => {
    const value = payload as Partial<EmailJobPayload> | null;
    if (typeof value?.emailId !== 'number') throw new Error('alerts.email needs emailId');
    const email = await trx
      .selectFrom('email_outbox')
      .selectAll()
      .where('id', '=', value.emailId)
      .executeTakeFirst();
    if (!email || email.status === 'sent') return undefined;
    const now = Date.now();
    if (!config.smtpUrl) {
      await trx
        .updateTable('email_outbox')
        .set({ status: 'not_configured', updated_at: now })
        .where('id', '=', email.id)
        .execute();
      return undefined;
    }
    await sendEmail(config.smtpUrl, {
      from: config.smtpFrom,
      to: email.recipient,
      subject: email.subject,
      body: email.body,
    });
    await trx
      .updateTable('email_outbox')
      .set({ status: 'sent', attempts: email.attempts + 1, sent_at: now, updated_at: now })
      .where('id', '=', email.id)
      .execute();
    return undefined;
  };
}

export function alertJobHandlers(context: AppContext): [string, JobHandler][] {
  return [
    [detectJobKind, createDetectJobHandler(context)],
    [webhookJobKind, createWebhookJobHandler()],
    [emailJobKind, createEmailJobHandler(context.config)],
  ];
}
