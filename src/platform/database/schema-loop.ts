import type { Generated } from 'kysely';

export type CheckBackAnswer = 'yes' | 'partly' | 'no';

/** A person's answer to a shipped decision's check-back (migration 020). */
export interface CheckBackAnswerTable {
  id: Generated<number>;
  organisation_id: number;
  decision_id: number;
  /** The `shipped` decision event asked about. */
  event_id: number;
  contact_id: number;
  answer: CheckBackAnswer;
  comment: string | null;
  /** "Do you believe your feedback changes things here?" yes | no, when answered. */
  believes_influence: 'yes' | 'no' | null;
  answered_at: number;
  updated_at: number;
}
