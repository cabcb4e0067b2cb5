import type { Kysely } from 'kysely';
import type {
  Database,
  WebhookAttemptOutcome,
  WebhookDeliveryStatus,
} from '../../platform/database/schema.js';

type Db = Kysely<Database>;

const publicColumns = [
  'id',
  'name',
  'url',
  'events',
  'enabled',
  'consecutive_failures',
  'disabled_reason',
  'created_at',
  'updated_at',
] as const;

export type WebhookRow = Awaited<ReturnType<typeof listWebhooks>>[number];

/** The organisation's subscriptions (never their secrets). */
export async function listWebhooks(db: Db, organisationId: number) {
  return db
    .selectFrom('webhooks')
    .select(publicColumns)
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
}

export async function findWebhook(db: Db, organisationId: number, id: number) {
  return db
    .selectFrom('webhooks')
    .select(publicColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Enabled subscriptions with their event types, for the subscriber. */
export async function listEnabledWebhooks(db: Db, organisationId: number) {
  return db
    .selectFrom('webhooks')
    .select(['id', 'events'])
    .where('organisation_id', '=', organisationId)
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
}

export async function insertWebhook(
  db: Db,
  row: {
    organisationId: number;
    name: string | null;
    url: string;
    secret: string;
    events: string[];
    now: number;
  },
): Promise<WebhookRow> {
  return db
    .insertInto('webhooks')
    .values({
      organisation_id: row.organisationId,
      name: row.name,
      url: row.url,
      secret: row.secret,
      events: JSON.stringify(row.events),
      enabled: 1,
      consecutive_failures: 0,
      disabled_reason: null,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning(publicColumns)
    .executeTakeFirstOrThrow();
}

export async function updateWebhook(
  db: Db,
  organisationId: number,
  id: number,
  change: {
    name?: string | null;
    url?: string;
    events?: string[];
    enabled?: boolean;
    now: number;
  },
): Promise<WebhookRow | undefined> {
  return db
    .updateTable('webhooks')
    .set({
      updated_at: change.now,
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.url === undefined ? {} : { url: change.url }),
      ...(change.events === undefined ? {} : { events: JSON.stringify(change.events) }),
      // Turning a webhook back on gives it a clean slate; turning it off by hand says so.
      ...(change.enabled === true
        ? { enabled: 1, consecutive_failures: 0, disabled_reason: null }
        : change.enabled === false
          ? { enabled: 0, disabled_reason: 'disabled by an admin' }
          : {}),
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .returning(publicColumns)
    .executeTakeFirst();
}

/** Deletes a subscription with its deliveries and log; false when the organisation has none. */
export async function deleteWebhook(db: Db, organisationId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('webhooks')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await db.deleteFrom('webhook_attempts').where('webhook_id', '=', id).execute();
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  return true;
}

export async function insertDelivery(
  db: Db,
  row: {
    organisationId: number;
    webhookId: number;
    eventId: string;
    eventType: string;
    body: string;
    now: number;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('webhook_deliveries')
    .values({
      organisation_id: row.organisationId,
      webhook_id: row.webhookId,
      event_id: row.eventId,
      event_type: row.eventType,
      body: row.body,
      status: 'pending',
      attempts: 0,
      next_attempt_at: row.now,
      response_status: null,
      last_error: null,
      delivered_at: null,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** A delivery with what its attempt needs of the subscription (its secret included). */
export async function findDeliveryToSend(db: Db, deliveryId: number) {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.organisation_id',
      'webhook_deliveries.webhook_id',
      'webhook_deliveries.event_id',
      'webhook_deliveries.event_type',
      'webhook_deliveries.body',
      'webhook_deliveries.status',
      'webhook_deliveries.attempts',
      'webhooks.url',
      'webhooks.secret',
      'webhooks.enabled',
      'webhooks.consecutive_failures',
    ])
    .where('webhook_deliveries.id', '=', deliveryId)
    .executeTakeFirst();
}

export async function updateDelivery(
  db: Db,
  deliveryId: number,
  change: {
    status: WebhookDeliveryStatus;
    attempts: number;
    nextAttemptAt: number | null;
    responseStatus: number | null;
    error: string | null;
    now: number;
  },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: change.status,
      attempts: change.attempts,
      next_attempt_at: change.nextAttemptAt,
      response_status: change.responseStatus,
      last_error: change.error,
      updated_at: change.now,
      ...(change.status === 'delivered' ? { delivered_at: change.now } : {}),
    })
    .where('id', '=', deliveryId)
    .execute();
}

export async function insertAttempt(
  db: Db,
  row: {
    organisationId: number;
    webhookId: number;
    deliveryId: number;
    attempt: number;
    outcome: WebhookAttemptOutcome;
    responseStatus: number | null;
    durationMs: number;
    error: string | null;
    retryAt: number | null;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('webhook_attempts')
    .values({
      organisation_id: row.organisationId,
      webhook_id: row.webhookId,
      delivery_id: row.deliveryId,
      attempt: row.attempt,
      outcome: row.outcome,
      response_status: row.responseStatus,
      duration_ms: row.durationMs,
      error: row.error,
      retry_at: row.retryAt,
      created_at: row.now,
    })
    .execute();
}

/** Records a subscription's failure count, and disables it with `disabledReason` when given. */
export async function recordWebhookHealth(
  db: Db,
  webhookId: number,
  consecutiveFailures: number,
  disabledReason: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({
      consecutive_failures: consecutiveFailures,
      updated_at: now,
      ...(disabledReason ? { enabled: 0, disabled_reason: disabledReason } : {}),
    })
    .where('id', '=', webhookId)
    .execute();
}

export type AttemptLogRow = Awaited<ReturnType<typeof listAttempts>>[number];

/** The delivery log of one subscription, newest first. */
export async function listAttempts(
  db: Db,
  organisationId: number,
  webhookId: number,
  page: { limit: number; offset: number },
) {
  return db
    .selectFrom('webhook_attempts')
    .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
    .select([
      'webhook_attempts.id',
      'webhook_attempts.delivery_id',
      'webhook_deliveries.event_id',
      'webhook_deliveries.event_type',
      'webhook_deliveries.status as delivery_status',
      'webhook_attempts.attempt',
      'webhook_attempts.outcome',
      'webhook_attempts.response_status',
      'webhook_attempts.duration_ms',
      'webhook_attempts.error',
      'webhook_attempts.retry_at',
      'webhook_attempts.created_at',
    ])
    .where('webhook_attempts.organisation_id', '=', organisationId)
    .where('webhook_attempts.webhook_id', '=', webhookId)
    .orderBy('webhook_attempts.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
