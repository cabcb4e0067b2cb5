import type { Kysely } from 'kysely';
import { chunksOf, rowsPerChunk } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

export interface ConsentRow {
  id: number;
  contact_id: number;
  purpose: string;
  granted_at: number;
  source: string;
  withdrawn_at: number | null;
  withdrawn_source: string | null;
}

const consentsOf = (db: Kysely<Database>, organisationId: number) =>
  db
    .selectFrom('consents')
    .select([
      'id',
      'contact_id',
      'purpose',
      'granted_at',
      'source',
      'withdrawn_at',
      'withdrawn_source',
    ])
    .where('organisation_id', '=', organisationId);

/** The consent in force for one person and purpose at an instant, if any. */
export async function findConsentInForce(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  purpose: string,
  at: number,
): Promise<ConsentRow | undefined> {
  return consentsOf(db, organisationId)
    .where('contact_id', '=', contactId)
    .where('purpose', '=', purpose)
    .where('granted_at', '<=', at)
    .where((eb) => eb.or([eb('withdrawn_at', 'is', null), eb('withdrawn_at', '>', at)]))
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Which of these contacts hold the purpose's consent at an instant (one query for a batch). */
export async function contactsWithConsent(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
  purpose: string,
  at: number,
): Promise<Set<number>> {
  if (contactIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('consents')
    .select('contact_id')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('contact_id', 'in', [...contactIds])
    .where('purpose', '=', purpose)
    .where('granted_at', '<=', at)
    .where((eb) => eb.or([eb('withdrawn_at', 'is', null), eb('withdrawn_at', '>', at)]))
    .execute();
  return new Set(rows.map((row) => row.contact_id));
}

export async function insertConsent(
  db: Kysely<Database>,
  row: {
    organisation_id: number;
    contact_id: number;
    purpose: string;
    granted_at: number;
    source: string;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('consents')
    .values({ ...row, withdrawn_at: null, withdrawn_source: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Withdraws every grant of the purpose still in force; returns how many were withdrawn. */
export async function markConsentWithdrawn(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  purpose: string,
  at: number,
  source: string,
): Promise<number> {
  const result = await db
    .updateTable('consents')
    .set({ withdrawn_at: at, withdrawn_source: source })
    .where('organisation_id', '=', organisationId)
    .where('contact_id', '=', contactId)
    .where('purpose', '=', purpose)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Every record of one person, newest first (what they agreed to and when). */
export async function listConsentsOfContact(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
): Promise<ConsentRow[]> {
  return consentsOf(db, organisationId)
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .execute();
}

/** Of these contacts, those with any record of the purpose (granted or withdrawn, ever). */
export async function contactsWithAnyConsentRecord(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
  purpose: string,
): Promise<Set<number>> {
  const found = new Set<number>();
  for (const chunk of chunksOf(contactIds)) {
    const rows = await db
      .selectFrom('consents')
      .select('contact_id')
      .distinct()
      .where('organisation_id', '=', organisationId)
      .where('contact_id', 'in', chunk)
      .where('purpose', '=', purpose)
      .execute();
    for (const row of rows) found.add(Number(row.contact_id));
  }
  return found;
}

export async function insertConsents(
  db: Kysely<Database>,
  rows: readonly {
    organisation_id: number;
    contact_id: number;
    purpose: string;
    granted_at: number;
    source: string;
  }[],
): Promise<void> {
  for (const chunk of chunksOf(rows, rowsPerChunk(8))) {
    await db
      .insertInto('consents')
      .values(chunk.map((row) => ({ ...row, withdrawn_at: null, withdrawn_source: null })))
      .execute();
  }
}
