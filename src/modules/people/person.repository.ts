import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/** The contact that holds this e-mail address on any channel (one person), if any. */
export async function findContactByEmail(
  db: Kysely<Database>,
  organisationId: number,
  emailKey: string,
): Promise<{ contactId: number; hasEmailIdentity: boolean } | undefined> {
  const rows = await db
    .selectFrom('contact_identities as ci')
    .innerJoin('contacts as c', 'c.id', 'ci.contact_id')
    .select(['ci.contact_id', 'ci.channel', 'c.merged_into_id'])
    .where('ci.organisation_id', '=', organisationId)
    .where('ci.handle_key', '=', emailKey)
    .orderBy('ci.id')
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  const emailRow = rows.find((row) => row.channel === 'email') ?? first;
  return {
    contactId: Number(emailRow.merged_into_id ?? emailRow.contact_id),
    hasEmailIdentity: rows.some((row) => row.channel === 'email'),
  };
}

export async function insertContact(
  db: Kysely<Database>,
  organisationId: number,
  name: string | null,
  at: number,
): Promise<number> {
  const row = await db
    .insertInto('contacts')
    .values({
      organisation_id: organisationId,
      name,
      merged_into_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertEmailIdentity(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  email: string,
  emailKey: string,
  name: string | null,
  at: number,
): Promise<void> {
  await db
    .insertInto('contact_identities')
    .values({
      organisation_id: organisationId,
      contact_id: contactId,
      channel: 'email',
      handle: email,
      handle_key: emailKey,
      display_name: name,
      created_at: at,
    })
    .execute();
}

export async function setContactNameIfEmpty(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  name: string,
  at: number,
): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ name, updated_at: at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', contactId)
    .where((eb) => eb.or([eb('name', 'is', null), eb('name', '=', '')]))
    .execute();
}

export async function findUserForContactLink(
  db: Kysely<Database>,
  organisationId: number,
  userId: number,
) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'contact_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function findUserOfContact(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function setUserContact(
  db: Kysely<Database>,
  organisationId: number,
  userId: number,
  contactId: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ contact_id: contactId })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .execute();
}

export async function contactIdsOfUserIds(
  db: Kysely<Database>,
  organisationId: number,
  userIds: readonly number[],
): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'contact_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...userIds])
    .where('contact_id', 'is not', null)
    .execute();
  return new Map(rows.map((row) => [Number(row.id), Number(row.contact_id)]));
}

export async function findContactSummary(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', contactId)
    .executeTakeFirst();
}

/** Team membership of a member imported by CSV, without agent availability: members take no work. */
export async function insertTeamMembership(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
  userId: number,
  at: number,
): Promise<void> {
  await db
    .insertInto('team_members')
    .values({
      team_id: teamId,
      user_id: userId,
      organisation_id: organisationId,
      role: 'member',
      last_assigned_at: null,
      created_at: at,
    })
    .onConflict((conflict) => conflict.columns(['team_id', 'user_id']).doNothing())
    .execute();
}
