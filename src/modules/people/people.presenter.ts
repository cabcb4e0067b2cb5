import type { DeliveredLink } from '../auth/index.js';
import type { AttributeDefinitionRow } from './attribute-definition.repository.js';
import type { ContactImportReport, MemberImportReport } from './import.service.js';
import type { Panel } from './panel.service.js';

const iso = (milliseconds: number | string) => new Date(Number(milliseconds)).toISOString();

export function presentAttribute(row: AttributeDefinitionRow) {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type,
    options: row.options,
    source: row.source,
    created_at: iso(row.created_at),
  };
}

export function presentPanel(panel: Panel) {
  return {
    id: panel.id,
    name: panel.name,
    description: panel.description,
    kind: panel.kind,
    rule: panel.rule as never,
    created_at: iso(panel.created_at),
    updated_at: iso(panel.updated_at),
  };
}

export function presentPanelDetail(
  panel: Panel & {
    eligible: number;
    consenting: number;
    people: { contact_id: number; name: string | null; consenting: boolean }[];
  },
) {
  return {
    ...presentPanel(panel),
    eligible: panel.eligible,
    consenting: panel.consenting,
    people: panel.people,
  };
}

export function presentPartner(row: {
  id: number;
  name: string;
  notice_text: string;
  notice_version: number;
  created_at: number;
  updated_at: number;
  people?: number | string | null;
}) {
  return {
    id: Number(row.id),
    name: row.name,
    notice_text: row.notice_text,
    notice_version: Number(row.notice_version),
    people: Number(row.people ?? 0),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentContactImport(report: ContactImportReport) {
  return { ...report };
}

export function presentMemberImport(report: MemberImportReport) {
  return {
    imported: report.imported,
    rows: report.rows,
    linked_to_existing_contact: report.linked_to_existing_contact,
    invitations: report.invitations.map(
      (one: { email: string } & Omit<DeliveredLink, 'userId'>) => ({
        email: one.email,
        emailed: one.emailed,
        link: one.link,
        expires_at: iso(one.expiresAt),
        mail_error: one.mailError,
      }),
    ),
  };
}
