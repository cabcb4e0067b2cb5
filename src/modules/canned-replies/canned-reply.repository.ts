import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

const columns = ['id', 'shortcut', 'title', 'body', 'updated_at'] as const;

/** The organisation's canned replies, as every read of this module starts. */
const cannedRepliesOf = (db: Kysely<Database>, organisationId: number) =>
  db.selectFrom('canned_replies').select(columns).where('organisation_id', '=', organisationId);

export async function listCannedReplies(db: Kysely<Database>, organisationId: number) {
  return cannedRepliesOf(db, organisationId).orderBy('shortcut').execute();
}

export async function findCannedReply(db: Kysely<Database>, organisationId: number, id: number) {
  return cannedRepliesOf(db, organisationId).where('id', '=', id).executeTakeFirst();
}

export async function findCannedReplyByShortcut(
  db: Kysely<Database>,
  organisationId: number,
  shortcut: string,
) {
  return cannedRepliesOf(db, organisationId).where('shortcut', '=', shortcut).executeTakeFirst();
}

export async function insertCannedReply(
  db: Kysely<Database>,
  row: {
    organisation_id: number;
    shortcut: string;
    title: string;
    body: string;
    created_by_user_id: number | null;
    now: number;
  },
) {
  const { now, ...values } = row;
  return db
    .insertInto('canned_replies')
    .values({ ...values, created_at: now, updated_at: now })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function updateCannedReply(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  changes: Partial<{ shortcut: string; title: string; body: string }>,
  now: number,
) {
  await db
    .updateTable('canned_replies')
    .set({ ...changes, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteCannedReply(db: Kysely<Database>, organisationId: number, id: number) {
  const result = await db
    .deleteFrom('canned_replies')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
