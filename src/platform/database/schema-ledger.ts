import type { Generated } from 'kysely';

/** Close the loop: feedback, the decisions it led to, and their history (migration 015). */

/** Where a feedback item comes from; the item points at its source and never copies its text. */
export type FeedbackSourceKind = 'message' | 'manual';

export interface FeedbackItemTable {
  id: Generated<number>;
  organisation_id: number;
  source_kind: FeedbackSourceKind;
  /** The message id for `message`; null for a manual entry. */
  source_id: number | null;
  contact_id: number | null;
  conversation_id: number | null;
  channel: string | null;
  team_id: number | null;
  /** Only for manual entries (a phone call, a meeting): there is no message to point at. */
  note: string | null;
  /** When the person said it. */
  said_at: number;
  created_by_user_id: number | null;
  created_at: number;
}

export type DecisionState =
  | 'received'
  | 'acknowledged'
  | 'under_consideration'
  | 'decided'
  | 'in_progress'
  | 'shipped'
  | 'confirmed'
  | 'merged';

export type DecisionOutcome = 'will_change' | 'will_not_change';

export interface DecisionTable {
  id: Generated<number>;
  organisation_id: number;
  title: string;
  public_description: string;
  owner_user_id: number | null;
  team_id: number | null;
  /** Derived from decision_events and written in the same transaction (a read model). */
  state: DecisionState;
  outcome: DecisionOutcome | null;
  merged_into_id: number | null;
  created_at: number;
  updated_at: number;
}

export type DecisionEventKind =
  | 'created'
  | 'state_changed'
  | 'reopened'
  | 'feedback_linked'
  | 'feedback_unlinked'
  | 'merged_into'
  | 'absorbed'
  | 'split_off'
  | 'split_from';

export interface DecisionEventTable {
  id: Generated<number>;
  organisation_id: number;
  decision_id: number;
  kind: DecisionEventKind;
  from_state: DecisionState | null;
  to_state: DecisionState | null;
  outcome: DecisionOutcome | null;
  /** Why (required when deciding not to change, reopening or merging). */
  reason: string | null;
  /** What was said publicly about this step; null when the step is internal. */
  public_note: string | null;
  /** 1 when the step is published (people linked are told; the public page shows it). */
  published: number;
  /** JSON with the event's details (feedback item ids, the other decision's id). */
  data: string;
  actor_user_id: number | null;
  created_at: number;
}

export interface DecisionLinkTable {
  organisation_id: number;
  decision_id: number;
  feedback_item_id: number;
  /** How the link was made: 'message', 'theme:<id>', 'manual', 'merge', 'split'. */
  via: string;
  linked_by_user_id: number | null;
  created_at: number;
}
