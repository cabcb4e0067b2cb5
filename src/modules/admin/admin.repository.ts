import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

type CountedTable =
  | 'contacts'
  | 'conversations'
  | 'messages'
  | 'channel_accounts'
  | 'teams'
  | 'inbound_events';

/** Rows of an organisation in one table. */
export async function countRows(
  db: Kysely<Database>,
  table: CountedTable,
  organisationId: number,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Contacts that are people of their own, not pointers left by a merge. */
export async function countUnmergedContacts(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number> {
  const row = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('merged_into_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function countConversationsWithInbound(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('last_inbound_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function countUnprocessedEvents(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number> {
  const row = await db
    .selectFrom('inbound_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('processed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
