import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { raiseConversationPriority, recordConversationEvents } from '../conversations/index.js';
import {
  type BypassRow,
  findUnresolvedConversations,
  insertBypasses,
  socialConversationsBetween,
} from './bypass.repository.js';
import { bypassFigures } from './bypass-report.js';
import type { BypassSettings } from './bypass-settings.js';

/** A conversation that a customer message has just started. */
export interface StartedConversation {
  conversationId: number;
  contactId: number;
  channel: string;
  startedAt: number;
}

function ageText(milliseconds: number): string {
  const hours = Math.floor(milliseconds / 3_600_000);
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${hours} h`;
}

/**
 * Social bypass: a customer who starts a conversation on a social channel while a conversation of
 * theirs on another channel has been unresolved for longer than the threshold went public because
 * the ordinary channel failed them. Such a conversation is flagged with the earlier one (the
 * oldest unresolved) and its age at that moment, and raised in priority with the reason shown.
 * Ages are measured between the customers' own message times, so an import of history is judged
 * as it happened.
 */
export async function flagSocialBypass(
  trx: Kysely<Database>,
  organisationId: number,
  started: readonly StartedConversation[],
  settings: BypassSettings,
  now: number,
): Promise<{ flagged: number[]; events: DomainEvent[] }> {
  const social = started.filter((conversation) => settings.thresholds.has(conversation.channel));
  if (social.length === 0) return { flagged: [], events: [] };
  const open = await findUnresolvedConversations(trx, organisationId, [
    ...new Set(social.map((conversation) => conversation.contactId)),
  ]);
  const rows: BypassRow[] = [];
  for (const conversation of social) {
    const threshold = settings.thresholds.get(conversation.channel) ?? Number.POSITIVE_INFINITY;
    const earlier = open.find(
      (candidate) =>
        candidate.contact_id === conversation.contactId &&
        candidate.id !== conversation.conversationId &&
        candidate.channel !== conversation.channel &&
        conversation.startedAt - candidate.first_message_at >= threshold,
    );
    if (!earlier) continue;
    rows.push({
      conversation_id: conversation.conversationId,
      organisation_id: organisationId,
      contact_id: conversation.contactId,
      channel: conversation.channel,
      earlier_conversation_id: earlier.id,
      earlier_channel: earlier.channel,
      earlier_age_ms: conversation.startedAt - earlier.first_message_at,
      flagged_at: now,
    });
  }
  if (rows.length === 0) return { flagged: [], events: [] };
  await insertBypasses(trx, rows);
  const raised = settings.priority
    ? await raiseConversationPriority(
        trx,
        organisationId,
        rows.map((row) => ({
          id: row.conversation_id,
          priority: settings.priority as NonNullable<BypassSettings['priority']>,
          reason: `social bypass: ${row.earlier_channel} conversation #${row.earlier_conversation_id} unresolved for ${ageText(row.earlier_age_ms)}`,
        })),
        now,
      )
    : [];
  const raisedIds = new Set(raised.map((change) => change.id));
  await recordConversationEvents(trx, [
    ...rows.map((row) => ({
      organisationId,
      conversationId: row.conversation_id,
      type: 'bypass_flagged',
      actor: { type: 'system' as const, id: null },
      data: {
        earlier_conversation_id: row.earlier_conversation_id,
        earlier_channel: row.earlier_channel,
        earlier_age_ms: row.earlier_age_ms,
      },
      occurredAt: now,
    })),
    ...raised.map((change) => ({
      organisationId,
      conversationId: change.id,
      type: 'priority_changed',
      actor: { type: 'system' as const, id: null },
      data: { from: change.from, to: change.to, reason: change.reason },
      occurredAt: now,
    })),
  ]);
  return {
    flagged: rows.map((row) => row.conversation_id),
    events: rows.map((row) => ({
      type: 'conversation.updated',
      organisationId,
      conversationId: row.conversation_id,
      changes: raisedIds.has(row.conversation_id) ? ['bypass', 'priority'] : ['bypass'],
    })),
  };
}

/** The bypass report over [from, to) of conversation starts (see bypass-report.ts). */
export async function bypassReport(
  db: Kysely<Database>,
  organisationId: number,
  settings: BypassSettings,
  range: { from: number; to: number },
) {
  const rows = await socialConversationsBetween(
    db,
    organisationId,
    [...settings.thresholds.keys()],
    range.from,
    range.to,
  );
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    social_channels: [...settings.thresholds.keys()],
    ...bypassFigures(rows),
  };
}
