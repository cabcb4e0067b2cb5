import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { AlertStatus } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { outboundUrlProblem } from '../../platform/outbound-address.js';
import type { Principal } from '../auth/index.js';
import { alertErrors } from './alert.errors.js';
import {
  type AlertRow,
  disableWebhook,
  findAlert,
  insertWebhook,
  listAlerts,
  listOutboxEmails,
  listWebhooks,
  type OutboxEmailRow,
  updateAlert,
  type WebhookRow,
} from './alert.repository.js';

/** The dashboard's status filter: one status, `active` (open or acknowledged) or `all`. */
export type AlertStatusFilter = AlertStatus | 'active' | 'all';

const statusesOf = (filter: AlertStatusFilter): AlertStatus[] =>
  filter === 'all'
    ? ['open', 'acknowledged', 'resolved']
    : filter === 'active'
      ? ['open', 'acknowledged']
      : [filter];

export async function alertsForDashboard(
  context: AppContext,
  principal: Principal,
  options: {
    status?: AlertStatusFilter | undefined;
    limit?: number | undefined;
    offset?: number | undefined;
  },
): Promise<AlertRow[]> {
  return listAlerts(context.database.db, principal.organisationId, {
    statuses: statusesOf(options.status ?? 'active'),
    limit: options.limit ?? 50,
    offset: options.offset ?? 0,
  });
}

export async function alertDetail(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<AlertRow> {
  const row = await findAlert(context.database.db, principal.organisationId, id);
  if (!row) throw notFound('alert');
  return row;
}

/** open -> acknowledged -> resolved; resolving an open alert directly is allowed too. */
export async function changeAlertStatus(
  context: AppContext,
  principal: Principal,
  id: number,
  status: 'acknowledged' | 'resolved',
): Promise<AlertRow> {
  const { organisationId, userId } = principal;
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    const row = await findAlert(trx, organisationId, id);
    if (!row) throw notFound('alert');
    if (row.status === 'resolved') {
      throw alertErrors.error('alert_already_resolved', 'the alert is already resolved');
    }
    emit([{ type: 'alert.updated', organisationId, alertId: id, status }]);
    if (row.status === status) return row;
    const now = Date.now();
    const changes =
      status === 'acknowledged'
        ? { status, acknowledged_at: now, acknowledged_by_user_id: userId, updated_at: now }
        : { status, resolved_at: now, resolved_by_user_id: userId, updated_at: now };
    await updateAlert(trx, id, changes);
    return { ...row, ...changes };
  });
}

export async function webhooksOf(context: AppContext, principal: Principal): Promise<WebhookRow[]> {
  return listWebhooks(context.database.db, principal.organisationId);
}

/** The secret is generated unless given; the caller shows it once. */
export async function createWebhook(
  context: AppContext,
  principal: Principal,
  input: { url: string; secret?: string | undefined },
): Promise<{ webhook: WebhookRow; secret: string }> {
  const problem = await outboundUrlProblem(input.url, context.config.allowInternalWebhooks);
  if (problem) {
    throw new AppError('validation_failed', `url ${problem}`, [
      { path: 'body/url', message: problem },
    ]);
  }
  const parsed = new URL(input.url);
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  const webhook = await insertWebhook(context.database.db, {
    organisationId: principal.organisationId,
    url: parsed.toString(),
    secret,
    now: Date.now(),
  });
  return { webhook, secret };
}

export async function deleteWebhook(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<void> {
  const disabled = await disableWebhook(
    context.database.db,
    principal.organisationId,
    id,
    Date.now(),
  );
  if (!disabled) throw notFound('webhook');
}

export async function emailOutbox(
  context: AppContext,
  principal: Principal,
  limit: number,
): Promise<OutboxEmailRow[]> {
  return listOutboxEmails(context.database.db, principal.organisationId, limit);
}
