import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { AlertStatus } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { presentAlert } from './alert.presenter.js';
import { findAlert, listAlerts, updateAlert } from './alert.repository.js';

export async function alertsForDashboard(
  context: AppContext,
  organisationId: number,
  options: { statuses: AlertStatus[]; limit: number; offset: number },
) {
  return (await listAlerts(context.database.db, organisationId, options)).map(presentAlert);
}

export async function alertDetail(context: AppContext, organisationId: number, id: number) {
  const row = await findAlert(context.database.db, organisationId, id);
  if (!row) throw notFound('alert');
  return presentAlert(row);
}

/** open -> acknowledged -> resolved; resolving an open alert directly is allowed too. */
export async function changeAlertStatus(
  context: AppContext,
  organisationId: number,
  id: number,
  status: 'acknowledged' | 'resolved',
  userId: number | null,
) {
  const result = await withTransaction(context.database, async (trx) => {
    const row = await findAlert(trx, organisationId, id);
    if (!row) throw notFound('alert');
    if (row.status === 'resolved') throw new AppError('conflict', 'the alert is already resolved');
    if (row.status === status) return row;
    const now = Date.now();
    const changes =
      status === 'acknowledged'
        ? { status, acknowledged_at: now, acknowledged_by_user_id: userId, updated_at: now }
        : { status, resolved_at: now, resolved_by_user_id: userId, updated_at: now };
    await updateAlert(trx, id, changes);
    return { ...row, ...changes };
  });
  context.events.publish([{ type: 'alert.updated', organisationId, alertId: id, status }]);
  return presentAlert(result);
}

const presentWebhook = (row: { id: number; url: string; enabled: number; created_at: number }) => ({
  id: row.id,
  url: row.url,
  enabled: row.enabled === 1,
  created_at: new Date(row.created_at).toISOString(),
});

export async function listWebhooks(context: AppContext, organisationId: number) {
  const rows = await context.database.db
    .selectFrom('webhooks')
    .select(['id', 'url', 'enabled', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
  return rows.map(presentWebhook);
}

/** The secret is shown once, at creation; receivers verify signatures with it. */
export async function createWebhook(
  context: AppContext,
  organisationId: number,
  url: string,
  secret: string | undefined,
) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('validation_failed', 'url must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('validation_failed', 'url must be an absolute http(s) URL');
  }
  const now = Date.now();
  const chosenSecret = secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  const row = await context.database.db
    .insertInto('webhooks')
    .values({
      organisation_id: organisationId,
      url: parsed.toString(),
      secret: chosenSecret,
      enabled: 1,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'url', 'enabled', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...presentWebhook(row), secret: chosenSecret };
}

export async function deleteWebhook(context: AppContext, organisationId: number, id: number) {
  const result = await context.database.db
    .updateTable('webhooks')
    .set({ enabled: 0, updated_at: Date.now() })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('webhook');
}

export async function emailOutbox(context: AppContext, organisationId: number, limit: number) {
  const rows = await context.database.db
    .selectFrom('email_outbox')
    .select(['id', 'alert_id', 'recipient', 'subject', 'status', 'created_at', 'sent_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    created_at: new Date(row.created_at).toISOString(),
    sent_at: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
  }));
}
