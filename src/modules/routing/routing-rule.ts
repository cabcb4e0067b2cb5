import type { Priority } from '../../platform/database/schema.js';

/**
 * What a rule looks at. Each condition that is present must hold (AND); inside a condition any
 * listed value may match (OR). A rule without conditions matches everything, which is how an
 * organisation writes a catch-all at the bottom of the list.
 */
export interface RuleConditions {
  channel_account_ids?: number[];
  /** Words or phrases, matched on word boundaries and regardless of case. */
  keywords?: string[];
  /** ISO 639-1 codes, as the NLP stage writes them on the pipeline item. */
  languages?: string[];
  intents?: string[];
  /** Attribute name -> accepted values, e.g. { tier: ['vip', 'gold'] }. */
  contact_attributes?: Record<string, string[]>;
}

export interface RuleAction {
  teamId: number;
  priority: Priority | null;
  labelId: number | null;
}

export interface RoutingRule {
  id: number;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RuleConditions;
  action: RuleAction;
}

/** Contact attributes a rule can test; each maps to a column the contacts module keeps. */
export const contactAttributeNames = ['tier'] as const;
export type ContactAttributeName = (typeof contactAttributeNames)[number];

/** What routing knows about a new conversation when it decides. */
export interface RoutingSubject {
  channelAccountId: number;
  /** The text of the conversation's founding customer message. */
  text: string;
  language: string | null;
  intent: string | null;
  contactAttributes: Partial<Record<ContactAttributeName, string | null>>;
}

export interface CompiledRule {
  rule: RoutingRule;
  matches(subject: RoutingSubject): boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regular expression for all of a rule's keywords. Boundaries are letters, digits and
 * underscore in any script (`\b` only knows ASCII, so "café" or "返金" would misbehave), and the
 * spaces inside a phrase match any run of whitespace.
 */
export function keywordPattern(keywords: string[]): RegExp | null {
  const alternatives = keywords
    .map((keyword) => keyword.normalize('NFC').trim())
    .filter((keyword) => keyword.length > 0)
    .map((keyword) => keyword.split(/\s+/).map(escapeRegExp).join('\\s+'));
  if (alternatives.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
}

const lower = (values: string[] | undefined) =>
  values ? new Set(values.map((value) => value.toLowerCase())) : undefined;

export function compileRule(rule: RoutingRule): CompiledRule {
  const { conditions } = rule;
  const accounts = conditions.channel_account_ids
    ? new Set(conditions.channel_account_ids)
    : undefined;
  const pattern = conditions.keywords ? keywordPattern(conditions.keywords) : undefined;
  const languages = lower(conditions.languages);
  const intents = lower(conditions.intents);
  const attributes = Object.entries(conditions.contact_attributes ?? {}).map(
    ([name, values]) => [name as ContactAttributeName, lower(values) as Set<string>] as const,
  );
  return {
    rule,
    matches(subject) {
      if (accounts && !accounts.has(subject.channelAccountId)) return false;
      // A keyword list that normalises to nothing can never match: fail closed, not open.
      if (pattern === null) return false;
      if (pattern && !pattern.test(subject.text)) return false;
      if (languages && !(subject.language && languages.has(subject.language.toLowerCase()))) {
        return false;
      }
      if (intents && !(subject.intent && intents.has(subject.intent.toLowerCase()))) return false;
      for (const [name, accepted] of attributes) {
        const value = subject.contactAttributes[name];
        if (!value || !accepted.has(value.toLowerCase())) return false;
      }
      return true;
    },
  };
}

export type RouteReason = 'routing_rule' | 'channel_account' | 'default_team';

export interface RouteDecision {
  teamId: number;
  reason: RouteReason;
  ruleId: number | null;
  priority: Priority | null;
  labelId: number | null;
}

/**
 * First enabled rule in position order that matches wins; otherwise the channel account's team;
 * otherwise the organisation's default team; otherwise no decision (the conversation keeps no
 * team and shows up in the "no team" view).
 */
export function decideRoute(
  rules: CompiledRule[],
  subject: RoutingSubject,
  accountTeamId: number | null,
  defaultTeamId: number | null,
): RouteDecision | null {
  for (const compiled of rules) {
    if (!compiled.rule.enabled || !compiled.matches(subject)) continue;
    const { action } = compiled.rule;
    return {
      teamId: action.teamId,
      reason: 'routing_rule',
      ruleId: compiled.rule.id,
      priority: action.priority,
      labelId: action.labelId,
    };
  }
  if (accountTeamId !== null) {
    return {
      teamId: accountTeamId,
      reason: 'channel_account',
      ruleId: null,
      priority: null,
      labelId: null,
    };
  }
  if (defaultTeamId !== null) {
    return {
      teamId: defaultTeamId,
      reason: 'default_team',
      ruleId: null,
      priority: null,
      labelId: null,
    };
  }
  return null;
}

/** Rules sorted the way they are evaluated: by position, then by age for equal positions. */
export function compileRules(rules: RoutingRule[]): CompiledRule[] {
  return [...rules]
    .sort((a, b) => a.position - b.position || a.id - b.id)
    .map((rule) => compileRule(rule));
}
