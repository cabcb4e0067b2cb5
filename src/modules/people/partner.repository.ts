import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export async function listPartnerRows(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('partner_organisations as p')
    .select([
      'p.id',
      'p.name',
      'p.notice_text',
      'p.notice_version',
      'p.created_at',
      'p.updated_at',
      (eb) =>
        eb
          .selectFrom('partner_contacts as pc')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('pc.partner_organisation_id', '=', 'p.id')
          .as('people'),
    ])
    .where('p.organisation_id', '=', organisationId)
    .orderBy('p.name')
    .execute();
}

export async function findPartnerRow(db: Kysely<Database>, organisationId: number, id: number) {
  return db
    .selectFrom('partner_organisations')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findPartnerByName(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
) {
  return db
    .selectFrom('partner_organisations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertPartner(
  db: Kysely<Database>,
  row: { organisationId: number; name: string; noticeText: string; at: number },
): Promise<number> {
  const inserted = await db
    .insertInto('partner_organisations')
    .values({
      organisation_id: row.organisationId,
      name: row.name,
      notice_text: row.noticeText,
      notice_version: 1,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updatePartner(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  changes: { name: string; noticeText: string; noticeVersion: number; at: number },
): Promise<void> {
  await db
    .updateTable('partner_organisations')
    .set({
      name: changes.name,
      notice_text: changes.noticeText,
      notice_version: changes.noticeVersion,
      updated_at: changes.at,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function findPartnerOfContact(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
) {
  return db
    .selectFrom('partner_contacts')
    .select('partner_organisation_id')
    .where('organisation_id', '=', organisationId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
}

export async function insertPartnerContact(
  db: Kysely<Database>,
  organisationId: number,
  partnerOrganisationId: number,
  contactId: number,
  at: number,
): Promise<void> {
  await db
    .insertInto('partner_contacts')
    .values({
      organisation_id: organisationId,
      partner_organisation_id: partnerOrganisationId,
      contact_id: contactId,
      created_at: at,
    })
    .execute();
}

export async function deletePartnerContact(
  db: Kysely<Database>,
  organisationId: number,
  partnerOrganisationId: number,
  contactId: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('partner_contacts')
    .where('organisation_id', '=', organisationId)
    .where('partner_organisation_id', '=', partnerOrganisationId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A partner's people with their e-mail and the newest notice version each accepted. */
export async function listPartnerPeople(
  db: Kysely<Database>,
  organisationId: number,
  partnerOrganisationId: number,
) {
  return db
    .selectFrom('partner_contacts as pc')
    .innerJoin('contacts as c', 'c.id', 'pc.contact_id')
    .select([
      'pc.contact_id',
      'c.name',
      (eb) =>
        eb
          .selectFrom('contact_identities as ci')
          .select((inner) => inner.fn.min('ci.handle').as('email'))
          .whereRef('ci.contact_id', '=', 'pc.contact_id')
          .where('ci.channel', '=', 'email')
          .as('email'),
      (eb) =>
        eb
          .selectFrom('confidentiality_acceptances as a')
          .select((inner) => inner.fn.max('a.notice_version').as('v'))
          .whereRef('a.contact_id', '=', 'pc.contact_id')
          .whereRef('a.partner_organisation_id', '=', 'pc.partner_organisation_id')
          .as('accepted_version'),
    ])
    .where('pc.organisation_id', '=', organisationId)
    .where('pc.partner_organisation_id', '=', partnerOrganisationId)
    .orderBy('c.name')
    .orderBy('pc.contact_id')
    .execute();
}

export async function partnerOrganisationsOfContacts(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
): Promise<Map<number, { id: number; name: string }>> {
  const result = new Map<number, { id: number; name: string }>();
  if (contactIds.length === 0) return result;
  const rows = await db
    .selectFrom('partner_contacts as pc')
    .innerJoin('partner_organisations as p', 'p.id', 'pc.partner_organisation_id')
    .select(['pc.contact_id', 'p.id', 'p.name'])
    .where('pc.organisation_id', '=', organisationId)
    .where('pc.contact_id', 'in', [...contactIds])
    .execute();
  for (const row of rows) {
    result.set(Number(row.contact_id), { id: Number(row.id), name: row.name });
  }
  return result;
}

export async function findAcceptance(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  partnerOrganisationId: number,
  noticeVersion: number,
) {
  return db
    .selectFrom('confidentiality_acceptances')
    .select(['id', 'accepted_at'])
    .where('organisation_id', '=', organisationId)
    .where('contact_id', '=', contactId)
    .where('partner_organisation_id', '=', partnerOrganisationId)
    .where('notice_version', '=', noticeVersion)
    .executeTakeFirst();
}

export async function insertAcceptance(
  db: Kysely<Database>,
  row: {
    organisationId: number;
    contactId: number;
    partnerOrganisationId: number;
    noticeVersion: number;
    at: number;
  },
): Promise<void> {
  await db
    .insertInto('confidentiality_acceptances')
    .values({
      organisation_id: row.organisationId,
      contact_id: row.contactId,
      partner_organisation_id: row.partnerOrganisationId,
      notice_version: row.noticeVersion,
      accepted_at: row.at,
    })
    .onConflict((conflict) =>
      conflict.columns(['contact_id', 'partner_organisation_id', 'notice_version']).doNothing(),
    )
    .execute();
}
