import type { Kysely } from 'kysely';
import { chunksOf, rowsPerChunk } from '../../platform/database/chunks.js';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database, NoticeChannel, NoticeStatus } from '../../platform/database/schema.js';

export interface NoticeRow {
  id: number;
  organisation_id: number;
  contact_id: number | null;
  user_id: number | null;
  purpose: string;
  subject_type: string;
  subject_id: number;
  step: string;
  channel: NoticeChannel;
  status: NoticeStatus;
  dedupe_key: string;
  data: string;
  attempts: number;
  error: string | null;
  created_at: number;
  claimed_at: number | null;
  sent_at: number | null;
}

export interface NewNoticeRow {
  organisation_id: number;
  contact_id: number | null;
  user_id: number | null;
  purpose: string;
  subject_type: string;
  subject_id: number;
  step: string;
  channel: NoticeChannel;
  dedupe_key: string;
  data: string;
  created_at: number;
}

const noticeColumns = [
  'id',
  'organisation_id',
  'contact_id',
  'user_id',
  'purpose',
  'subject_type',
  'subject_id',
  'step',
  'channel',
  'status',
  'dedupe_key',
  'data',
  'attempts',
  'error',
  'created_at',
  'claimed_at',
  'sent_at',
] as const;

function numeric(row: NoticeRow): NoticeRow {
  // PostgreSQL returns bigint columns as strings.
  return {
    ...row,
    id: Number(row.id),
    organisation_id: Number(row.organisation_id),
    contact_id: row.contact_id === null ? null : Number(row.contact_id),
    user_id: row.user_id === null ? null : Number(row.user_id),
    subject_id: Number(row.subject_id),
    attempts: Number(row.attempts),
    created_at: Number(row.created_at),
    claimed_at: row.claimed_at === null ? null : Number(row.claimed_at),
    sent_at: row.sent_at === null ? null : Number(row.sent_at),
  };
}

/**
 * Inserts the notices whose dedupe key is new, in multi-row statements (`ON CONFLICT DO
 * NOTHING` on both databases, so two transactions queueing the same step race harmlessly).
 * Returns how many rows were new.
 */
export async function insertNotices(
  db: Kysely<Database>,
  rows: readonly NewNoticeRow[],
): Promise<number> {
  let inserted = 0;
  for (const chunk of chunksOf(rows, rowsPerChunk(13))) {
    const result = await db
      .insertInto('notices')
      .values(
        chunk.map((row) => ({
          ...row,
          status: 'pending' as const,
          error: null,
          claimed_at: null,
          sent_at: null,
        })),
      )
      .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    inserted += result.length;
  }
  return inserted;
}

/**
 * Claims up to `limit` pending notices of an organisation in one statement (pending -> sending,
 * attempts + 1, claimed now): on PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so
 * two workers never claim the same notice; SQLite has one writer.
 */
export async function claimPendingNotices(
  db: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  limit: number,
  now: number,
): Promise<NoticeRow[]> {
  let pending = db
    .selectFrom('notices')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(limit);
  if (dialect === 'postgres') pending = pending.forUpdate().skipLocked();
  const rows = await db
    .updateTable('notices')
    .set((eb) => ({
      status: 'sending',
      claimed_at: now,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', pending)
    .where('status', '=', 'pending')
    .returning(noticeColumns)
    .execute();
  return (rows as NoticeRow[]).map(numeric).sort((a, b) => a.id - b.id);
}

/** Moves a claimed notice on; only a notice still `sending` changes. */
export async function finishNotice(
  db: Kysely<Database>,
  id: number,
  change: { status: NoticeStatus; error: string | null; sentAt?: number },
): Promise<boolean> {
  const result = await db
    .updateTable('notices')
    .set({ status: change.status, error: change.error, sent_at: change.sentAt ?? null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Notices left `sending` since before `claimedBefore`: their sender died between the claim and
 * the outcome, so nobody knows whether the mail left. They fail, never go out again.
 */
export async function failInterruptedNotices(
  db: Kysely<Database>,
  organisationId: number,
  claimedBefore: number,
  error: string,
): Promise<number> {
  const result = await db
    .updateTable('notices')
    .set({ status: 'failed', error })
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'sending')
    .where('claimed_at', '<', claimedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The oldest claim still `sending`, to know when to look again. */
export async function oldestSendingClaim(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.min('claimed_at').as('claimed'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return row?.claimed === null || row?.claimed === undefined ? null : Number(row.claimed);
}

export async function countPendingNotices(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Notices per status about one subject (a decision's "told: N, skipped: M"). */
export async function countNoticesOfSubject(
  db: Kysely<Database>,
  organisationId: number,
  subject: { type: string; id: number },
  purpose?: string,
): Promise<Record<NoticeStatus, number>> {
  let query = db
    .selectFrom('notices')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('organisation_id', '=', organisationId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .groupBy('status');
  if (purpose) query = query.where('purpose', '=', purpose);
  const counts: Record<NoticeStatus, number> = {
    pending: 0,
    sending: 0,
    sent: 0,
    skipped: 0,
    failed: 0,
  };
  for (const row of await query.execute()) counts[row.status] = Number(row.count);
  return counts;
}

export async function listNoticesOfSubject(
  db: Kysely<Database>,
  organisationId: number,
  subject: { type: string; id: number },
  limit: number,
): Promise<NoticeRow[]> {
  const rows = await db
    .selectFrom('notices')
    .select(noticeColumns)
    .where('organisation_id', '=', organisationId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return (rows as NoticeRow[]).map(numeric);
}

export async function findNotice(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<NoticeRow | undefined> {
  const row = await db
    .selectFrom('notices')
    .select(noticeColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? numeric(row as NoticeRow) : undefined;
}

/** A claimed notice the server never took goes back to the queue with the reason. */
export async function returnNoticeToPending(
  db: Kysely<Database>,
  id: number,
  error: string,
): Promise<void> {
  await db
    .updateTable('notices')
    .set({ status: 'pending', error, claimed_at: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}
