import type { DemoAccountKey } from './demo-company.js';

/**
 * A customer message, optionally with the answers that fit it; openers without their own
 * answers take the topic's general ones.
 */
export type DemoLine = string | { text: string; replies: readonly string[] };

/**
 * One kind of conversation the demo tells, written for the demo. Texts hold slots such as
 * `{fee}` or `{private}` filled per conversation (see demo-conversations.ts).
 */
export interface DemoTopic {
  key: string;
  /** Share of the conversations. */
  weight: number;
  /** Relative weight of each day, 0 = the last 24 hours, up to 13. */
  dayWeight(daysAgo: number): number;
  accounts: readonly (readonly [DemoAccountKey, number])[];
  openers: readonly DemoLine[];
  /** Longer openers for e-mail; e-mail falls back to `openers` without them. */
  emailOpeners?: readonly DemoLine[];
  replies: readonly string[];
  followUps: readonly string[];
  secondReplies: readonly string[];
  closers: readonly string[];
  /** Other customers replying in public to the opener (a pile-on, or help). */
  crowd?: readonly string[];
  /** Share of conversations older than two days that the team answered. */
  answerRate: number;
}

export const uniformDays = (): number => 1;
