import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database, Priority } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { type ConversationEventInput, recordConversationEvents } from '../conversations/index.js';
import { planHandoffs } from './follow-the-sun.service.js';
import { enqueueAssignment } from './routing.jobs.js';
import {
  addConversationLabels,
  findQueuedTeams,
  loadContactTiers,
  moveUnassignedConversations,
  setConversationPriority,
} from './routing.repository.js';
import { markOwn } from './routing-own-events.js';
import { compileRules, decideRoute, type RouteDecision } from './routing-rule.js';
import { findDefaultTeamId, listRules } from './routing-rule.repository.js';

/** A conversation an ingest batch created around a customer message. */
export interface NewConversationToRoute {
  id: number;
  /** The team it was created in: its channel account's. */
  createdTeamId: number | null;
  /** Its founding customer message, which alone decides (see `routeConversations`). */
  founder: {
    channelAccountId: number;
    text: string;
    language: string | null;
    intent: string | null;
    contactId: number | null;
  };
}

/**
 * Routes the conversations an ingest batch created (replies to known conversations are never
 * re-routed), set-at-a-time: the rules are read once per batch and the writes are grouped by
 * target team. It also queues assignment for every team that received work, including stored
 * conversations a customer reply (`repliedTo`) put back in an unassigned queue. Returns the
 * events of the conversations it changed.
 */
export async function routeNewConversations(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  created: readonly NewConversationToRoute[],
  repliedTo: readonly number[],
  now: number,
): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  const teamsToAssign = new Set<number>();
  if (created.length > 0) {
    const context = { trx, organisationId, now, events };
    for (const teamId of await routeConversations(context, created)) teamsToAssign.add(teamId);
  }
  for (const teamId of await findQueuedTeams(trx, organisationId, [...repliedTo])) {
    teamsToAssign.add(teamId);
  }
  for (const teamId of teamsToAssign) {
    await enqueueAssignment(trx, dialect, { organisationId, teamId }, now);
  }
  return events;
}

interface RoutingContext {
  trx: Kysely<Database>;
  organisationId: number;
  now: number;
  /** Where the conversations' events go. */
  events: DomainEvent[];
}

/** Applies the routing decisions; returns the teams the conversations ended up in. */
async function routeConversations(
  { trx, organisationId, now, events }: RoutingContext,
  conversations: readonly NewConversationToRoute[],
): Promise<Set<number>> {
  const rules = compileRules(await listRules(trx, organisationId));
  const defaultTeamId = await findDefaultTeamId(trx, organisationId);
  const contactIds = new Set<number>();
  for (const { founder } of conversations) {
    if (founder.contactId !== null) contactIds.add(founder.contactId);
  }
  const tiers = await loadContactTiers(trx, organisationId, [...contactIds]);

  const decisions = new Map<NewConversationToRoute, RouteDecision>();
  for (const conversation of conversations) {
    // Only the founding customer message decides, as help desks route on ticket creation: a
    // reply that happens to arrive in the same batch (imports) must not change the outcome.
    const { founder } = conversation;
    const decision = decideRoute(
      rules,
      {
        channelAccountId: founder.channelAccountId,
        text: founder.text,
        language: founder.language,
        intent: founder.intent,
        contactAttributes: {
          tier: founder.contactId === null ? null : (tiers.get(founder.contactId) ?? null),
        },
      },
      conversation.createdTeamId,
      defaultTeamId,
    );
    if (decision) decisions.set(conversation, decision);
  }

  const handoffs = await planHandoffs(
    trx,
    organisationId,
    [...decisions].map(([conversation, decision]) => ({
      conversationId: conversation.id,
      teamId: decision.teamId,
    })),
    now,
  );
  const handoffOf = new Map(handoffs.map((handoff) => [handoff.conversationId, handoff]));

  const history: ConversationEventInput[] = [];
  const system = { type: 'system' as const, id: null };
  const moves = new Map<string, { from: number | null; to: number; ids: number[] }>();
  const priorities = new Map<Priority, number[]>();
  const labels: { conversationId: number; labelId: number }[] = [];
  const finalTeams = new Set<number>();
  for (const [conversation, decision] of decisions) {
    const handoff = handoffOf.get(conversation.id);
    const finalTeam = handoff ? handoff.handoffTeamId : decision.teamId;
    finalTeams.add(finalTeam);
    if (decision.teamId !== conversation.createdTeamId) {
      history.push({
        organisationId,
        conversationId: conversation.id,
        type: 'team_changed',
        actor: system,
        data: {
          from: conversation.createdTeamId,
          to: decision.teamId,
          reason: decision.reason,
          ...(decision.ruleId === null ? {} : { rule_id: decision.ruleId }),
        },
        occurredAt: now,
      });
    }
    if (handoff) {
      history.push({
        organisationId,
        conversationId: conversation.id,
        type: 'team_changed',
        actor: system,
        data: { from: decision.teamId, to: handoff.handoffTeamId, reason: 'follow_the_sun' },
        occurredAt: now,
      });
    }
    if (finalTeam !== conversation.createdTeamId) {
      const key = `${conversation.createdTeamId}:${finalTeam}`;
      const move = moves.get(key) ?? { from: conversation.createdTeamId, to: finalTeam, ids: [] };
      move.ids.push(conversation.id);
      moves.set(key, move);
    }
    if (decision.priority && decision.priority !== 'normal') {
      priorities.set(decision.priority, [
        ...(priorities.get(decision.priority) ?? []),
        conversation.id,
      ]);
      history.push({
        organisationId,
        conversationId: conversation.id,
        type: 'priority_changed',
        actor: system,
        data: {
          from: 'normal',
          to: decision.priority,
          reason: 'routing_rule',
          rule_id: decision.ruleId,
        },
        occurredAt: now,
      });
    }
    if (decision.labelId !== null) {
      labels.push({ conversationId: conversation.id, labelId: decision.labelId });
    }
  }
  const changed = new Map<number, string[]>();
  const note = (id: number, change: string) =>
    changed.set(id, [...(changed.get(id) ?? []), change]);
  for (const move of moves.values()) {
    for (const id of await moveUnassignedConversations(
      trx,
      organisationId,
      move.ids,
      move.from,
      move.to,
      now,
    )) {
      note(id, 'team_id');
    }
  }
  for (const [priority, ids] of priorities) {
    await setConversationPriority(trx, organisationId, ids, priority, now);
    for (const id of ids) note(id, 'priority');
  }
  for (const label of await addConversationLabels(trx, organisationId, labels, now)) {
    note(label.conversationId, 'labels');
    history.push({
      organisationId,
      conversationId: label.conversationId,
      type: 'labelled',
      actor: system,
      data: { label_id: label.labelId, reason: 'routing_rule' },
      occurredAt: now,
    });
  }
  await recordConversationEvents(trx, history);
  for (const [conversationId, changes] of changed) {
    events.push(
      ...markOwn([{ type: 'conversation.updated', organisationId, conversationId, changes }]),
    );
  }
  return finalTeams;
}
