import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { countJobs } from '../../platform/jobs/job-queue.js';

export interface InstanceStats {
  contacts: number;
  conversations: number;
  conversations_with_customer_message: number;
  messages: number;
  channel_accounts: number;
  teams: number;
  inbound_events: number;
  inbound_events_unprocessed: number;
  jobs_pending: number;
  jobs_dead: number;
}

async function count(
  db: Kysely<Database>,
  table:
    | 'contacts'
    | 'conversations'
    | 'messages'
    | 'channel_accounts'
    | 'teams'
    | 'inbound_events',
  organisationId: number,
  extra?: 'unprocessed' | 'with_inbound' | 'not_merged',
): Promise<number> {
  let query = db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId);
  if (extra === 'unprocessed') query = query.where('processed_at' as never, 'is', null);
  if (extra === 'with_inbound') query = query.where('last_inbound_at' as never, 'is not', null);
  if (extra === 'not_merged') query = query.where('merged_into_id' as never, 'is', null);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function collectStats(
  db: Kysely<Database>,
  organisationId: number,
): Promise<InstanceStats> {
  const jobs = await countJobs(db);
  return {
    contacts: await count(db, 'contacts', organisationId, 'not_merged'),
    conversations: await count(db, 'conversations', organisationId),
    conversations_with_customer_message: await count(
      db,
      'conversations',
      organisationId,
      'with_inbound',
    ),
    messages: await count(db, 'messages', organisationId),
    channel_accounts: await count(db, 'channel_accounts', organisationId),
    teams: await count(db, 'teams', organisationId),
    inbound_events: await count(db, 'inbound_events', organisationId),
    inbound_events_unprocessed: await count(db, 'inbound_events', organisationId, 'unprocessed'),
    jobs_pending: jobs.pending,
    jobs_dead: jobs.dead,
  };
}
