import type { PipelineBatch, PipelineItem, PipelineStage } from '../../pipeline/pipeline-batch.js';
import type { Priority } from '../../platform/database/schema.js';
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

interface NewConversation {
  id: number;
  /** The team the persist stage gave it: the channel account's. */
  createdTeamId: number | null;
  items: PipelineItem[];
}

/**
 * Routing runs right after 'persist', on the conversations this batch created (replies to known
 * conversations are never re-routed), set-at-a-time: the rules are read once per batch and the
 * writes are grouped by target team. It also queues assignment for every team that received
 * work, including stored conversations a customer reply put back in an unassigned queue.
 */
export const routeStage: PipelineStage = {
  name: 'route',
  async run(batch) {
    const plan = batch.threadPlan;
    if (!plan) return;
    const created = new Map<number, NewConversation>();
    const touchedStored = new Set<number>();
    for (const [item, root] of plan.itemRoots) {
      if (item.conversationId === undefined) continue;
      if (root.kind === 'stored') {
        if (item.direction === 'inbound') touchedStored.add(item.conversationId);
        continue;
      }
      let entry = created.get(item.conversationId);
      if (!entry) {
        entry = { id: item.conversationId, createdTeamId: null, items: [] };
        created.set(item.conversationId, entry);
      }
      entry.items.push(item);
    }
    const routable = [...created.values()].filter((conversation) => {
      const founder = conversation.items.find((item) => item.direction === 'inbound');
      // Conversations of only the organisation's own posts are filed resolved: nothing to route.
      conversation.createdTeamId = founder?.channelAccount?.team_id ?? null;
      return founder !== undefined;
    });
    const teamsToAssign = new Set<number>();
    if (routable.length > 0) {
      for (const teamId of await routeConversations(batch, routable)) teamsToAssign.add(teamId);
    }
    for (const teamId of await findQueuedTeams(batch.trx, batch.organisationId, [
      ...touchedStored,
    ])) {
      teamsToAssign.add(teamId);
    }
    for (const teamId of teamsToAssign) {
      await enqueueAssignment(
        batch.trx,
        batch.dialect,
        { organisationId: batch.organisationId, teamId },
        batch.now,
      );
    }
  },
};

/** Applies the routing decisions; returns the teams the conversations ended up in. */
async function routeConversations(
  batch: PipelineBatch,
  conversations: NewConversation[],
): Promise<Set<number>> {
  const { trx, organisationId, now } = batch;
  const rules = compileRules(await listRules(trx, organisationId));
  const defaultTeamId = await findDefaultTeamId(trx, organisationId);
  const contactIds = new Set<number>();
  for (const conversation of conversations) {
    for (const item of conversation.items)
      if (item.contactId !== null) contactIds.add(item.contactId);
  }
  const tiers = await loadContactTiers(trx, organisationId, [...contactIds]);

  const decisions = new Map<NewConversation, RouteDecision>();
  for (const conversation of conversations) {
    // Only the founding customer message decides, as help desks route on ticket creation: a
    // reply that happens to arrive in the same batch (imports) must not change the outcome.
    const founder = conversation.items.find((item) => item.direction === 'inbound') as PipelineItem;
    const decision = decideRoute(
      rules,
      {
        channelAccountId: founder.channelAccount?.id ?? 0,
        text: founder.text,
        language: founder.language ?? null,
        intent: founder.intent ?? null,
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
    batch.events.push(
      ...markOwn([{ type: 'conversation.updated', organisationId, conversationId, changes }]),
    );
  }
  return finalTeams;
}
