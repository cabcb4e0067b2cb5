import type { Generated } from 'kysely';

/** Consult (migration 018, docs/consult.md). Instants are epoch milliseconds; JSON is text. */

export type ConsultationState = 'draft' | 'running' | 'announced' | 'stopped';
export type RingState = 'draft' | 'open' | 'closed' | 'gated';
export type QuestionKind = 'stance' | 'scale' | 'single' | 'multiple' | 'text';
export type Stance = 'support' | 'support_with_changes' | 'oppose' | 'block';
export type GateDecision = 'go' | 'revise' | 'stop';
export type ConcernDisposition = 'open' | 'changed' | 'clarified' | 'declined' | 'merged';

export interface ConsultationTable {
  id: Generated<number>;
  organisation_id: number;
  title: string;
  owner_user_id: number;
  state: ConsultationState;
  anonymous: number;
  created_at: number;
  updated_at: number;
}

export interface ConsultationVersionTable {
  id: Generated<number>;
  organisation_id: number;
  consultation_id: number;
  number: number;
  /** Markdown, always rendered as text (never HTML). */
  text: string;
  /** JSON array of concern ids this version answers. */
  answers_concerns: string;
  created_by_user_id: number;
  created_at: number;
}

export interface ConsultationRingTable {
  id: Generated<number>;
  organisation_id: number;
  consultation_id: number;
  ordinal: number;
  round: number;
  name: string;
  /** JSON audience (see consult/audience.ts). */
  audience: string;
  opens_at: number;
  closes_at: number;
  quorum: number;
  state: RingState;
  version_id: number | null;
  opened_at: number | null;
  closed_at: number | null;
  quorum_alerted_at: number | null;
}

export interface ConsultationQuestionTable {
  id: Generated<number>;
  organisation_id: number;
  ring_id: number;
  position: number;
  kind: QuestionKind;
  prompt: string;
  options: string;
  required: number;
}

export interface ConsultationResponseTable {
  id: Generated<number>;
  organisation_id: number;
  consultation_id: number;
  ring_id: number;
  person_key: string;
  contact_id: number;
  user_id: number | null;
  stance: Stance;
  reason: string;
  answers: string;
  request_id: string;
  revision: number;
  created_at: number;
  updated_at: number;
}

export interface ConsultationAnswerValueTable {
  response_id: number;
  ring_id: number;
  question_id: number;
  contact_id: number;
  option: string | null;
  number: number | null;
}

export interface ConsultationResponseHistoryTable {
  id: Generated<number>;
  organisation_id: number;
  response_id: number;
  revision: number;
  answers: string;
  request_id: string;
  recorded_at: number;
}

export interface ConsultationGateDecisionTable {
  id: Generated<number>;
  organisation_id: number;
  ring_id: number;
  decision: GateDecision;
  reason: string;
  override_reason: string | null;
  decided_by_user_id: number;
  decided_at: number;
}

export interface ConsultationConcernTable {
  id: Generated<number>;
  organisation_id: number;
  consultation_id: number;
  ring_id: number;
  label: string;
  disposition: ConcernDisposition;
  version_id: number | null;
  clarification: string | null;
  decline_reason: string | null;
  merged_into_id: number | null;
  hot: number;
  /** JSON array of the hot rule's parts this concern meets. */
  hot_reasons: string;
  manual: number;
  created_at: number;
  updated_at: number;
}

export interface ConsultationConcernMemberTable {
  concern_id: number;
  response_id: number;
}

export interface ConsultationViewTable {
  id: Generated<number>;
  organisation_id: number;
  consultation_id: number;
  version_id: number;
  person_key: string;
  contact_id: number;
  viewed_at: number;
}

export interface ConsultationRevocationTable {
  consultation_id: number;
  person_key: string;
  organisation_id: number;
  reason: string;
  revoked_by_user_id: number;
  revoked_at: number;
}
