/**
 * Rule-based churn-risk detection: phrases in which a customer says they are leaving. A rule does
 * not fire when a negator comes shortly before the phrase ("not going to cancel my account",
 * "I won't be switching to"), which covers the common false alarms.
 */
export interface ChurnRisk {
  flag: boolean;
  reason?: string;
}

interface ChurnRule {
  pattern: RegExp;
  reason: string;
}

const ACCOUNT = '(?:account|subscription|membership|contract|plan|card|policy|service)';

const RULES: readonly ChurnRule[] = [
  {
    pattern: new RegExp(
      String.raw`\b(?:cancel+(?:l?ing|l?ed)?|terminat(?:e|ing)|end(?:ing)?)\s+(?:my|our|the)\s+(?:\w+\s+)?${ACCOUNT}`,
    ),
    reason: 'wants to cancel their account',
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:close|closing|closed|delete|deleting|deactivate|deactivating)\s+(?:my|our|the)\s+(?:\w+\s+)?${ACCOUNT}`,
    ),
    reason: 'wants to close their account',
  },
  {
    // Bare "switch to" is usually a how-to question ("how do I switch to dark mode").
    pattern:
      /\b(?:switching|switched|moving|(?:going to|gonna|will|about to|time to)\s+switch)\s+(?:over\s+)?(?:to|providers|banks|carriers|networks)\b\s*(\S*)/,
    reason: 'says they are switching to another provider',
  },
  {
    pattern:
      /\b(?:go(?:ing)?|chang(?:e|ing)|mov(?:e|ing))\s+(?:over\s+)?to\s+(?:another|a different|a competitor|your competitor)\b/,
    reason: 'says they are switching to another provider',
  },
  {
    pattern: /\bleav(?:e|ing)\s+(?:you\s+)?for\b/,
    reason: 'says they are leaving for another provider',
  },
  {
    pattern:
      /\b(?:i'?m|i am|we'?re|we are)\s+(?:so\s+)?(?:done|leaving|out)\s+(?:with\s+(?:you|this)|for good)\b/,
    reason: 'says they are done with the organisation',
  },
  {
    pattern:
      /\b(?:unsubscrib(?:e|ing)|never (?:using|flying|buying|ordering) (?:with |from )?(?:you|this|them) again|take my (?:business|money) elsewhere)\b/,
    reason: 'says they will take their business elsewhere',
  },
];

const SWITCH_TARGET_EXCLUSIONS =
  /^(?:the|my|dark|light|work|bed|sleep|school|voicemail|me|it|them|him|her|us|get|see|do|be|make|have|say|check)$/;

const NEGATION_BEFORE =
  /\b(?:not|never|no|won'?t|wouldn'?t|don'?t|didn'?t|isn'?t|aren'?t|can'?t|cannot|shouldn'?t|no need to|no plans? to)\b[^.!?,;]{0,24}$/;

/**
 * Every rule needs one of these words (its verb or its own keyword), so one
 * case-insensitive scan rejects most messages before lowercasing and seven regexes: the rules
 * run in the ingest pipeline for every message. Without the `u` flag (5x slower with `\b`):
 * non-unicode `i` never maps a non-ASCII letter to an ASCII one, and the keywords are ASCII.
 */
const ANY_RULE_KEYWORD =
  /cancel|terminat|\bend|clos|delet|deactivat|switch|moving|another|different|competitor|leav|with\s+(?:you|this)|for\s+good|unsubscrib|never|elsewhere/i;

const NO_RISK: ChurnRisk = Object.freeze({ flag: false });

export function detectChurnRisk(text: string): ChurnRisk {
  if (!ANY_RULE_KEYWORD.test(text)) return NO_RISK;
  const lower = text.toLowerCase().replace(/’/g, "'");
  for (const rule of RULES) {
    const match = rule.pattern.exec(lower);
    if (!match) continue;
    const target = match[1];
    if (target !== undefined && SWITCH_TARGET_EXCLUSIONS.test(target)) continue;
    const before = lower.slice(Math.max(0, match.index - 40), match.index);
    if (NEGATION_BEFORE.test(before)) continue;
    return { flag: true, reason: rule.reason };
  }
  return NO_RISK;
}
