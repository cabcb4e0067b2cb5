import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../auth/index.js';
import { matchPolicy } from './sla-policy.js';
import type { PolicyDraft } from './sla-policy.repository.js';
import { validatePolicy } from './sla-policy.service.js';
import { type RecentSlaConversation, recentSlaConversations } from './sla-preview.repository.js';

const previewWindow = 100;
const exampleCount = 10;

export interface PolicyPreview {
  considered: number;
  matched: number;
  /** Matched conversations another policy (or none) governs today. */
  changesPolicy: number;
  /**
   * Matched conversations whose first reply came later than the draft's first-response target,
   * or that still wait past it. Null when the draft counts business hours (a preview does not
   * replay calendars) or sets no first-response target.
   */
  firstResponseMissed: number | null;
  examples: RecentSlaConversation[];
}

function missedFirstResponse(
  conversation: RecentSlaConversation,
  targetMs: number,
  now: number,
): boolean {
  if (conversation.firstResponseMs !== null) return conversation.firstResponseMs > targetMs;
  if (conversation.firstInboundAt === null) return false;
  return now - conversation.firstInboundAt > targetMs;
}

/**
 * What a draft policy would have covered among the latest conversations: checked like a saved
 * policy (the same field errors), tried on its own as if it came first, and nothing written.
 * `editingId` is the policy being edited, so its own conversations do not count as changed.
 */
export async function previewPolicy(
  context: AppContext,
  principal: Principal,
  draft: PolicyDraft,
  editingId: number | null,
): Promise<PolicyPreview> {
  const organisationId = principal.organisationId;
  const input = { ...draft, position: draft.position ?? 0 };
  await validatePolicy(context, organisationId, input);
  const recent = await recentSlaConversations(context.database.db, organisationId, previewWindow);
  const policy = { id: -1, ...input };
  const matched = recent.filter(
    (conversation) =>
      matchPolicy([policy], {
        channelAccountId: conversation.channelAccountId,
        teamId: conversation.teamId,
        priority: conversation.priority,
        tier: conversation.tier,
      }) !== null,
  );
  const target = input.firstResponseMs;
  const now = Date.now();
  return {
    considered: recent.length,
    matched: matched.length,
    changesPolicy: matched.filter((conversation) => conversation.policyId !== (editingId ?? -1))
      .length,
    firstResponseMissed:
      target === null || input.businessHours
        ? null
        : matched.filter((conversation) => missedFirstResponse(conversation, target, now)).length,
    examples: matched.slice(0, exampleCount),
  };
}
