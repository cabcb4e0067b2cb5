import {
  type ConnectedAccountRow,
  readCursor,
  recordItemFailure,
  saveCursor,
} from '../modules/channels/index.js';
import {
  conversationsWithAuthor,
  findMessagesByExternalId,
} from '../modules/conversations/index.js';
import { acceptInbound } from '../modules/ingest/index.js';
import { recordDeliveryReport } from '../modules/replies/index.js';
import type { AppContext } from '../platform/context.js';
import type { InboundSink } from './adapter.js';

/** Failed reads of one item before it is quarantined and the cursor moves past it. */
export const quarantineAfterFailures = 3;

/**
 * The one door an adapter's inbound side has into Hearken: messages go to `acceptInbound` (the
 * durable, idempotent ingest every other source uses), reports to the outbox, the cursor and
 * quarantine to the account.
 */
export function inboundSinkFor(
  context: AppContext,
  account: Pick<ConnectedAccountRow, 'id' | 'organisation_id' | 'channel'>,
  onAccepted: () => void = () => {},
): InboundSink {
  const db = context.database.db;
  const organisationId = account.organisation_id;
  return {
    db,
    organisationId,
    config: context.config,
    logger: context.logger,
    async accept(messages) {
      const result = await acceptInbound(
        context.database,
        organisationId,
        messages,
        `channel:${account.channel}:${account.id}`,
      );
      if (result.accepted > 0) onAccepted();
    },
    async report(externalId, report) {
      const row = await recordDeliveryReport(db, account.id, externalId, {
        ...report,
        now: Date.now(),
      });
      if (row) {
        context.events.publish([
          {
            type: 'conversation.updated',
            organisationId: row.organisation_id,
            conversationId: row.conversation_id,
            changes: ['deliveries'],
          },
        ]);
      }
    },
    cursor: () => readCursor(db, account.id),
    saveCursor: (cursor) => saveCursor(db, account.id, cursor),
    async threadParent(candidates, authorHandle) {
      const known = await findMessagesByExternalId(db, organisationId, account.channel, candidates);
      if (known.length === 0) return null;
      const conversationOf = new Map(known.map((row) => [row.external_id, row.conversation_id]));
      const withAuthor = await conversationsWithAuthor(
        db,
        organisationId,
        [...new Set(conversationOf.values())],
        authorHandle,
      );
      for (const candidate of candidates) {
        const conversation = conversationOf.get(candidate);
        if (conversation !== undefined && withAuthor.has(conversation)) return candidate;
      }
      return null;
    },
    itemFailed(ref, error) {
      return recordItemFailure(
        db,
        {
          organisationId,
          accountId: account.id,
          ref,
          error: error instanceof Error ? error.message : String(error),
          now: Date.now(),
        },
        quarantineAfterFailures,
      );
    },
  };
}
