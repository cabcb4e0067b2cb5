import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AlertStatus, AlertTable, Database } from '../../platform/database/schema.js';

type Db = Kysely<Database>;
export type AlertRow = Selectable<AlertTable>;

export async function latestAlertOfSeries(db: Db, organisationId: number, seriesKey: string) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('series_key', '=', seriesKey)
    .orderBy('last_hour_start', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertAlert(db: Db, row: Insertable<AlertTable>): Promise<number> {
  const inserted = await db
    .insertInto('alerts')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateAlert(
  db: Db,
  id: number,
  changes: Partial<Omit<AlertRow, 'id' | 'organisation_id'>>,
): Promise<void> {
  await db.updateTable('alerts').set(changes).where('id', '=', id).execute();
}

/** Open or acknowledged alerts whose series has been quiet since before `before`. */
export async function staleAlerts(db: Db, organisationId: number, before: number) {
  return db
    .selectFrom('alerts')
    .select(['id', 'series_key'])
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', ['open', 'acknowledged'])
    .where('last_hour_start', '<', before)
    .execute();
}

export async function findAlert(db: Db, organisationId: number, id: number) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listAlerts(
  db: Db,
  organisationId: number,
  options: { statuses: AlertStatus[]; limit: number; offset: number },
) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', options.statuses)
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function earliestVolumeHour(db: Db, organisationId: number): Promise<number | null> {
  const row = await db
    .selectFrom('listening_volume_hourly')
    .select((eb) => eb.fn.min('hour_start').as('hour'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.hour === null || row?.hour === undefined ? null : Number(row.hour);
}

/** Rollup cells at the given hours, for some accounts or themes (or all when both are absent). */
export async function volumesAt(
  db: Db,
  organisationId: number,
  hours: number[],
  scope?: { accountIds: number[]; themeIds: number[] },
) {
  if (hours.length === 0) return [];
  let query = db
    .selectFrom('listening_volume_hourly')
    .select([
      'hour_start',
      'channel_account_id',
      'theme_id',
      'sentiment',
      'message_count',
      'polarity_sum',
      'polarity_count',
    ])
    .where('organisation_id', '=', organisationId)
    .where('hour_start', 'in', hours);
  if (scope) {
    const { accountIds, themeIds } = scope;
    if (accountIds.length === 0 && themeIds.length === 0) return [];
    query = query.where((eb) =>
      eb.or([
        ...(accountIds.length > 0 ? [eb('channel_account_id', 'in', accountIds)] : []),
        ...(themeIds.length > 0 ? [eb('theme_id', 'in', themeIds)] : []),
      ]),
    );
  }
  return query.execute();
}

export async function alertRecipients(db: Db, organisationId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', ['admin', 'lead'])
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.email);
}

export async function insertOutboxEmail(
  db: Db,
  row: {
    organisationId: number;
    alertId: number | null;
    recipient: string;
    subject: string;
    body: string;
    now: number;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('email_outbox')
    .values({
      organisation_id: row.organisationId,
      alert_id: row.alertId,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      status: 'queued',
      attempts: 0,
      last_error: null,
      sent_at: null,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findOutboxEmail(db: Db, emailId: number) {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', emailId).executeTakeFirst();
}

export async function markOutboxEmail(
  db: Db,
  emailId: number,
  change: { status: 'sent' | 'not_configured'; attempts?: number; now: number },
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({
      status: change.status,
      updated_at: change.now,
      ...(change.attempts === undefined ? {} : { attempts: change.attempts }),
      ...(change.status === 'sent' ? { sent_at: change.now } : {}),
    })
    .where('id', '=', emailId)
    .execute();
}

export type OutboxEmailRow = Awaited<ReturnType<typeof listOutboxEmails>>[number];

/** The e-mail outbox, newest first. */
export async function listOutboxEmails(db: Db, organisationId: number, limit: number) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'alert_id', 'recipient', 'subject', 'status', 'created_at', 'sent_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A channel account's handle, for an alert's summary. */
export async function findChannelAccountHandle(db: Db, id: number): Promise<string | undefined> {
  const account = await db
    .selectFrom('channel_accounts')
    .select(['handle'])
    .where('id', '=', id)
    .executeTakeFirst();
  return account?.handle;
}
