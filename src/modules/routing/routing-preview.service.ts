import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../auth/index.js';
import { type RecentConversation, recentConversations } from './routing-preview.repository.js';
import { compileRule } from './routing-rule.js';
import { type RuleInput, validateRule } from './routing-rule.service.js';

/** How many recent conversations a preview looks at, and how many matches it shows. */
export const previewWindow = 100;
const exampleCount = 10;

export interface RulePreview {
  considered: number;
  matched: number;
  /** Matched conversations that sit in another team today: the rule would have moved them. */
  wouldMove: number;
  examples: { conversation: RecentConversation; teamAfter: number }[];
}

/**
 * What a draft rule would have matched among the latest conversations, judged on their founding
 * customer message as routing judges a new conversation. The draft is checked like a saved rule
 * (so the form shows the same field errors) and nothing is written: the rule is tried on its
 * own, as if it were first in the list and enabled.
 */
export async function previewRule(
  context: AppContext,
  principal: Principal,
  input: RuleInput,
): Promise<RulePreview> {
  const organisationId = principal.organisationId;
  await validateRule(context, organisationId, input);
  const compiled = compileRule({
    id: 0,
    name: input.name,
    position: 0,
    enabled: true,
    conditions: input.conditions,
    action: { teamId: input.team_id, priority: null, labelId: null },
  });
  const recent = await recentConversations(context.database.db, organisationId, previewWindow);
  const matched = recent.filter(
    (conversation) =>
      conversation.founder !== null &&
      compiled.matches({
        channelAccountId: conversation.channelAccountId,
        text: conversation.founder.text,
        language: conversation.founder.language,
        intent: conversation.founder.intent,
        contactAttributes: { tier: conversation.tier },
      }),
  );
  return {
    considered: recent.length,
    matched: matched.length,
    wouldMove: matched.filter((conversation) => conversation.teamId !== input.team_id).length,
    examples: matched
      .slice(0, exampleCount)
      .map((conversation) => ({ conversation, teamAfter: input.team_id })),
  };
}
