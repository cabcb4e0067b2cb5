import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/** A channel account with its connection, cursor and health (migration 012). */
export interface ConnectedAccountRow {
  id: number;
  organisation_id: number;
  channel: string;
  handle: string;
  name: string;
  team_id: number | null;
  settings: string | null;
  secrets: string | null;
  cursor: string | null;
  paused: number;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  consecutive_failures: number;
  needs_reauth: number;
  alerted_at: number | null;
  fetch_requested_at: number | null;
}

const connectedColumns = [
  'id',
  'organisation_id',
  'channel',
  'handle',
  'name',
  'team_id',
  'settings',
  'secrets',
  'cursor',
  'paused',
  'last_success_at',
  'last_error',
  'last_error_at',
  'consecutive_failures',
  'needs_reauth',
  'alerted_at',
  'fetch_requested_at',
] as const;

export async function findConnectedAccount(
  db: Kysely<Database>,
  id: number,
): Promise<ConnectedAccountRow | undefined> {
  return db
    .selectFrom('channel_accounts')
    .select(connectedColumns)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every account of `channel` with a connection, in every organisation (the runner's list). */
export async function listConnectedAccounts(
  db: Kysely<Database>,
  channel?: string,
): Promise<ConnectedAccountRow[]> {
  let query = db
    .selectFrom('channel_accounts')
    .select(connectedColumns)
    .where('settings', 'is not', null);
  if (channel) query = query.where('channel', '=', channel);
  return query.orderBy('id').execute();
}

export async function listOrganisationAccounts(
  db: Kysely<Database>,
  organisationId: number,
): Promise<ConnectedAccountRow[]> {
  return db
    .selectFrom('channel_accounts')
    .select(connectedColumns)
    .where('organisation_id', '=', organisationId)
    .orderBy('channel')
    .orderBy('handle_key')
    .execute();
}

export async function countStoredSecrets(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('channel_accounts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('secrets', 'is not', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function firstStoredSecret(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('channel_accounts')
    .select('secrets')
    .where('secrets', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.secrets ?? undefined;
}

export async function updateConnection(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  values: {
    settings: string | null;
    secrets: string | null;
    cursor?: string | null;
    paused?: number;
  },
): Promise<void> {
  await db
    .updateTable('channel_accounts')
    .set({
      ...values,
      consecutive_failures: 0,
      needs_reauth: 0,
      last_error: null,
      last_error_at: null,
      alerted_at: null,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function setPaused(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  paused: boolean,
): Promise<void> {
  await db
    .updateTable('channel_accounts')
    .set({ paused: paused ? 1 : 0 })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function requestFetch(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('channel_accounts')
    .set({ fetch_requested_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function saveCursor(db: Kysely<Database>, id: number, cursor: string): Promise<void> {
  await db.updateTable('channel_accounts').set({ cursor }).where('id', '=', id).execute();
}

/**
 * Takes the fetch lease of an account for `owner` until `until`, when nobody holds it or the
 * holder's lease ran out (a killed process): one conditional update, so two processes never both
 * win. Returns whether `owner` holds it now.
 */
export async function takeFetchLease(
  db: Kysely<Database>,
  id: number,
  owner: string,
  now: number,
  until: number,
): Promise<boolean> {
  const result = await db
    .updateTable('channel_accounts')
    .set({ fetch_lease_owner: owner, fetch_lease_until: until })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('fetch_lease_owner', 'is', null),
        eb('fetch_lease_owner', '=', owner),
        eb('fetch_lease_until', '<', now),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseFetchLease(
  db: Kysely<Database>,
  id: number,
  owner: string,
): Promise<void> {
  await db
    .updateTable('channel_accounts')
    .set({ fetch_lease_owner: null, fetch_lease_until: null })
    .where('id', '=', id)
    .where('fetch_lease_owner', '=', owner)
    .execute();
}

export async function recordSuccess(db: Kysely<Database>, id: number, now: number): Promise<void> {
  await db
    .updateTable('channel_accounts')
    .set({
      last_success_at: now,
      consecutive_failures: 0,
      needs_reauth: 0,
      alerted_at: null,
      fetch_requested_at: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Counts one more failure and returns the account's count after it. */
export async function recordFailure(
  db: Kysely<Database>,
  id: number,
  failure: { message: string; needsReauth: boolean; now: number },
): Promise<number> {
  await db
    .updateTable('channel_accounts')
    .set({
      last_error: failure.message.slice(0, 1000),
      last_error_at: failure.now,
      needs_reauth: failure.needsReauth ? 1 : 0,
      consecutive_failures: sql<number>`consecutive_failures + 1`,
    })
    .where('id', '=', id)
    .execute();
  const row = await db
    .selectFrom('channel_accounts')
    .select('consecutive_failures')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.consecutive_failures ?? 0;
}

/** Marks the account alerted, once per run of failures; returns whether this call did. */
export async function markAlerted(db: Kysely<Database>, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('channel_accounts')
    .set({ alerted_at: now })
    .where('id', '=', id)
    .where('alerted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Counts a failed attempt at one inbound item; at `limit` attempts it is quarantined. Returns
 * whether it is quarantined now.
 */
export async function recordItemFailure(
  db: Kysely<Database>,
  item: { organisationId: number; accountId: number; ref: string; error: string; now: number },
  limit: number,
): Promise<boolean> {
  await db
    .insertInto('channel_quarantine')
    .values({
      organisation_id: item.organisationId,
      channel_account_id: item.accountId,
      item_ref: item.ref,
      attempts: 1,
      quarantined: limit <= 1 ? 1 : 0,
      last_error: item.error.slice(0, 2000),
      created_at: item.now,
      updated_at: item.now,
    })
    .onConflict((conflict) =>
      conflict.columns(['channel_account_id', 'item_ref']).doUpdateSet({
        attempts: sql<number>`channel_quarantine.attempts + 1`,
        quarantined: sql<number>`case when channel_quarantine.attempts + 1 >= ${limit} then 1 else 0 end`,
        last_error: item.error.slice(0, 2000),
        updated_at: item.now,
      }),
    )
    .execute();
  const row = await db
    .selectFrom('channel_quarantine')
    .select('quarantined')
    .where('channel_account_id', '=', item.accountId)
    .where('item_ref', '=', item.ref)
    .executeTakeFirst();
  return row?.quarantined === 1;
}

export async function listQuarantine(
  db: Kysely<Database>,
  organisationId: number,
  accountId: number,
) {
  return db
    .selectFrom('channel_quarantine')
    .select(['id', 'item_ref', 'attempts', 'quarantined', 'last_error', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .where('channel_account_id', '=', accountId)
    .orderBy('id')
    .execute();
}

export async function readCursor(db: Kysely<Database>, id: number): Promise<string | null> {
  const row = await db
    .selectFrom('channel_accounts')
    .select('cursor')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.cursor ?? null;
}
