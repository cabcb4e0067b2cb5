import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { enqueue } from '../../platform/jobs/job-definition.js';

const Id = Type.Integer({ minimum: 1 });

/**
 * Job queued in the transaction of a change to conversations, so what is derived from their
 * history (SLA clocks, the report rollup) catches up even if the process dies right after the
 * commit. The kind and payload are this module's; the SLA module defines the handler.
 */
export const conversationChanged = {
  kind: 'conversation.changed',
  payload: Type.Object({ organisationId: Id, conversationIds: Type.Array(Id) }),
};

export async function enqueueConversationChanged(
  trx: Kysely<Database>,
  organisationId: number,
  conversationIds: number[],
): Promise<void> {
  await enqueue(trx, conversationChanged, { organisationId, conversationIds });
}
