import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../auth/index.js';
import {
  findSlaRow,
  listNotifications,
  type NotificationRow,
  type SlaRow,
} from './sla-state.repository.js';

/** A conversation's stored SLA state; undefined when no policy applies to it. */
export async function conversationSlaOf(
  context: AppContext,
  principal: Principal,
  conversationId: number,
): Promise<SlaRow | undefined> {
  return findSlaRow(context.database.db, principal.organisationId, conversationId);
}

/** The signed-in user's notifications, newest first (none for an API token without a user). */
export async function notificationsOf(
  context: AppContext,
  principal: Principal,
  limit: number,
): Promise<NotificationRow[]> {
  if (principal.userId === null) return [];
  return listNotifications(context.database.db, principal.userId, limit);
}
