import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError, notFound } from '../../platform/errors.js';
import { outboundUrlProblem } from '../../platform/outbound-address.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { webhookErrors } from './webhook.errors.js';
import { queueDelivery } from './webhook.jobs.js';
import {
  deleteWebhook,
  findWebhook,
  insertWebhook,
  listAttempts,
  listWebhooks,
  updateWebhook,
  type WebhookRow,
} from './webhook.repository.js';
import { webhookBody } from './webhook-events.js';

/** Refuses URLs the SSRF guard refuses, naming the field; returns the normalised URL. */
async function checkedUrl(context: AppContext, url: string): Promise<string> {
  const problem = await outboundUrlProblem(url, context.config.allowInternalWebhooks);
  if (problem) {
    throw new AppError('validation_failed', `url ${problem}`, [
      { path: 'body/url', message: problem },
    ]);
  }
  return new URL(url).toString();
}

export async function webhooksOf(context: AppContext, principal: Principal) {
  return listWebhooks(context.database.db, principal.organisationId);
}

/** The secret is generated unless given; the caller shows it once and it is never shown again. */
export async function createWebhook(
  context: AppContext,
  principal: Principal,
  input: { url: string; name?: string | undefined; events: string[]; secret?: string | undefined },
): Promise<{ webhook: WebhookRow; secret: string }> {
  const url = await checkedUrl(context, input.url);
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  return withTransaction(context.database, async (trx) => {
    const webhook = await insertWebhook(trx, {
      organisationId: principal.organisationId,
      name: input.name?.trim() || null,
      url,
      secret,
      events: input.events,
      now: Date.now(),
    });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'webhook.created',
      subjectType: 'webhook',
      subjectId: webhook.id,
      // Never the secret.
      changes: { url, events: input.events },
    });
    return { webhook, secret };
  });
}

export async function changeWebhook(
  context: AppContext,
  principal: Principal,
  id: number,
  input: {
    url?: string | undefined;
    name?: string | null | undefined;
    events?: string[] | undefined;
    enabled?: boolean | undefined;
  },
): Promise<WebhookRow> {
  const url = input.url === undefined ? undefined : await checkedUrl(context, input.url);
  return withTransaction(context.database, async (trx) => {
    const updated = await updateWebhook(trx, principal.organisationId, id, {
      ...(url === undefined ? {} : { url }),
      ...(input.name === undefined ? {} : { name: input.name?.trim() || null }),
      ...(input.events === undefined ? {} : { events: input.events }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      now: Date.now(),
    });
    if (!updated) throw notFound('webhook');
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'webhook.updated',
      subjectType: 'webhook',
      subjectId: id,
      changes: { ...input, ...(url === undefined ? {} : { url }) },
    });
    return updated;
  });
}

export async function removeWebhook(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    if (!(await deleteWebhook(trx, principal.organisationId, id))) throw notFound('webhook');
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'webhook.deleted',
      subjectType: 'webhook',
      subjectId: id,
      changes: {},
    });
  });
}

/** Queues a `webhook.test` event to this one subscription, through the same delivery path. */
export async function sendTestEvent(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<number> {
  return withTransaction(context.database, async (trx) => {
    const webhook = await findWebhook(trx, principal.organisationId, id);
    if (!webhook) throw notFound('webhook');
    if (webhook.enabled !== 1) {
      throw webhookErrors.error('webhook_disabled', 'enable the webhook before testing it');
    }
    const now = Date.now();
    const eventId = randomUUID();
    return queueDelivery(trx, {
      organisationId: principal.organisationId,
      webhookId: id,
      eventId,
      eventType: 'webhook.test',
      body: webhookBody(
        eventId,
        'webhook.test',
        principal.organisationId,
        { message: 'A test event sent from Hearken', webhook_id: id },
        now,
      ),
      now,
    });
  });
}

export async function deliveryLog(
  context: AppContext,
  principal: Principal,
  id: number,
  page: { limit: number; offset: number },
) {
  const db = context.database.db;
  if (!(await findWebhook(db, principal.organisationId, id))) throw notFound('webhook');
  return listAttempts(db, principal.organisationId, id, page);
}
