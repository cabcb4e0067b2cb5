import type { AppContext } from '../../platform/context.js';
import type { AlertStatus } from '../../platform/database/schema.js';
import { notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import type { Principal } from '../auth/index.js';
import { alertErrors } from './alert.errors.js';
import {
  type AlertRow,
  findAlert,
  listAlerts,
  listOutboxEmails,
  type OutboxEmailRow,
  updateAlert,
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

export async function emailOutbox(
  context: AppContext,
  principal: Principal,
  limit: number,
): Promise<OutboxEmailRow[]> {
  return listOutboxEmails(context.database.db, principal.organisationId, limit);
}
