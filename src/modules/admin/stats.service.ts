import type { Kysely } from 'kysely';
import { transactionRetryCount } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { countJobs } from '../../platform/jobs/job-queue.js';
import {
  countConversationsWithInbound,
  countRows,
  countUnmergedContacts,
  countUnprocessedEvents,
} from './admin.repository.js';

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

export async function collectStats(
  db: Kysely<Database>,
  organisationId: number,
): Promise<InstanceStats> {
  const jobs = await countJobs(db, organisationId);
  return {
    contacts: await countUnmergedContacts(db, organisationId),
    conversations: await countRows(db, 'conversations', organisationId),
    conversations_with_customer_message: await countConversationsWithInbound(db, organisationId),
    messages: await countRows(db, 'messages', organisationId),
    channel_accounts: await countRows(db, 'channel_accounts', organisationId),
    teams: await countRows(db, 'teams', organisationId),
    inbound_events: await countRows(db, 'inbound_events', organisationId),
    inbound_events_unprocessed: await countUnprocessedEvents(db, organisationId),
    jobs_pending: jobs.pending,
    jobs_dead: jobs.dead,
  };
}

/** Figures of this process since it started (the API's, when asked through the admin route). */
export interface ProcessStats {
  transaction_retries: number;
}

export function collectProcessStats(): ProcessStats {
  return { transaction_retries: transactionRetryCount() };
}
