import type { Generated } from 'kysely';

/** Partner organisations and customer panels (migration 017, docs/people.md). */

export interface PartnerOrganisationTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  notice_text: string;
  /** Raised by every change of `notice_text`. */
  notice_version: number;
  created_at: number;
  updated_at: number;
}

export interface PartnerContactTable {
  organisation_id: number;
  contact_id: number;
  partner_organisation_id: number;
  created_at: number;
}

export interface ConfidentialityAcceptanceTable {
  id: Generated<number>;
  organisation_id: number;
  contact_id: number;
  partner_organisation_id: number;
  notice_version: number;
  accepted_at: number;
}

export type PanelKind = 'rule' | 'explicit';

export interface PanelTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  description: string;
  kind: PanelKind;
  /** JSON `{ all?, any? }` for a rule panel, null for an explicit one. */
  rule: string | null;
  created_at: number;
  updated_at: number;
}

export interface PanelMemberTable {
  organisation_id: number;
  panel_id: number;
  contact_id: number;
  added_at: number;
}
