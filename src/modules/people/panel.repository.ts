import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, PanelKind } from '../../platform/database/schema.js';
import type { NormalisedRule } from './rule.js';
import { matchingContactsQuery } from './rule.repository.js';

export async function listPanelRows(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('panels')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('name')
    .execute();
}

export async function findPanelRow(db: Kysely<Database>, organisationId: number, id: number) {
  return db
    .selectFrom('panels')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findPanelByName(db: Kysely<Database>, organisationId: number, name: string) {
  return db
    .selectFrom('panels')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertPanel(
  db: Kysely<Database>,
  row: {
    organisationId: number;
    name: string;
    description: string;
    kind: PanelKind;
    rule: string | null;
    at: number;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('panels')
    .values({
      organisation_id: row.organisationId,
      name: row.name,
      description: row.description,
      kind: row.kind,
      rule: row.rule,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updatePanel(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  changes: { name: string; description: string; rule: string | null; at: number },
): Promise<void> {
  await db
    .updateTable('panels')
    .set({
      name: changes.name,
      description: changes.description,
      rule: changes.rule,
      updated_at: changes.at,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

/** Which of these ids are live contacts of the organisation. */
export async function existingContactIds(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
): Promise<Set<number>> {
  if (contactIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('contacts')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...contactIds])
    .where('merged_into_id', 'is', null)
    .execute();
  return new Set(rows.map((row) => Number(row.id)));
}

export async function insertPanelMembers(
  db: Kysely<Database>,
  organisationId: number,
  panelId: number,
  contactIds: readonly number[],
  at: number,
): Promise<void> {
  if (contactIds.length === 0) return;
  await db
    .insertInto('panel_members')
    .values(
      contactIds.map((contactId) => ({
        organisation_id: organisationId,
        panel_id: panelId,
        contact_id: contactId,
        added_at: at,
      })),
    )
    .onConflict((conflict) => conflict.columns(['panel_id', 'contact_id']).doNothing())
    .execute();
}

export async function deletePanelMember(
  db: Kysely<Database>,
  organisationId: number,
  panelId: number,
  contactId: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('panel_members')
    .where('organisation_id', '=', organisationId)
    .where('panel_id', '=', panelId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

type Scope = ExpressionBuilder<Database, 'contacts'>;

function consentInForce(eb: Scope, organisationId: number, purpose: string, at: number) {
  return eb.exists(
    eb
      .selectFrom('consents as k')
      .select('k.id')
      .whereRef('k.contact_id', '=', 'contacts.id')
      .where('k.organisation_id', '=', organisationId)
      .where('k.purpose', '=', purpose)
      .where('k.granted_at', '<=', at)
      .where((inner) =>
        inner.or([inner('k.withdrawn_at', 'is', null), inner('k.withdrawn_at', '>', at)]),
      ),
  );
}

function explicitMembersQuery(db: Kysely<Database>, organisationId: number, panelId: number) {
  return db
    .selectFrom('contacts')
    .where('contacts.organisation_id', '=', organisationId)
    .where('contacts.merged_into_id', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('panel_members as pm')
          .select('pm.contact_id')
          .whereRef('pm.contact_id', '=', 'contacts.id')
          .where('pm.panel_id', '=', panelId),
      ),
    );
}

/** The panel's people (its rule's matches or its explicit members), optionally only those consenting. */
function panelQuery(
  db: Kysely<Database>,
  organisationId: number,
  panel: { id: number; rule: NormalisedRule | null },
  consentAt: number | null,
) {
  const base = panel.rule
    ? matchingContactsQuery(db, organisationId, panel.rule)
    : explicitMembersQuery(db, organisationId, panel.id);
  return consentAt === null
    ? base
    : base.where((eb) => consentInForce(eb, organisationId, `panel:${panel.id}`, consentAt));
}

export async function selectPanelMemberIds(
  db: Kysely<Database>,
  organisationId: number,
  panel: { id: number; rule: NormalisedRule | null },
  consentAt: number,
): Promise<number[]> {
  const rows = await panelQuery(db, organisationId, panel, consentAt)
    .select('contacts.id')
    .orderBy('contacts.id')
    .execute();
  return rows.map((row) => Number(row.id));
}

export async function countPanel(
  db: Kysely<Database>,
  organisationId: number,
  panel: { id: number; rule: NormalisedRule | null },
  consentAt: number | null,
): Promise<number> {
  const row = await panelQuery(db, organisationId, panel, consentAt)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A page of the panel's people with whether each consents now. */
export async function listPanelPeople(
  db: Kysely<Database>,
  organisationId: number,
  panel: { id: number; rule: NormalisedRule | null },
  at: number,
  limit: number,
) {
  const rows = await panelQuery(db, organisationId, panel, null)
    .select(['contacts.id', 'contacts.name'])
    .select((eb) => consentInForce(eb, organisationId, `panel:${panel.id}`, at).as('consenting'))
    .orderBy('contacts.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    contact_id: Number(row.id),
    name: row.name,
    consenting: Boolean(row.consenting),
  }));
}
