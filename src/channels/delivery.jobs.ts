import {
  openChannelConnection,
  recordChannelFailure,
  recordChannelSuccess,
} from '../modules/channels/index.js';
import {
  findDelivery,
  inboundThreadOf,
  markOutbox,
  markSending,
  replyDelivery,
} from '../modules/replies/index.js';
import { defineJob, RetryLaterError } from '../platform/jobs/job-definition.js';
import { ChannelError } from './adapter.js';
import { adapterFor } from './registry.js';

/** How long a paused or disconnected account's replies wait before they look again. */
const pausedRecheckMilliseconds = 60_000;

/**
 * Sends one reply (queued -> sending -> sent, or failed with the server's reason). It runs outside
 * the job's transaction, so the channel's slowness never holds the database: the id the reply
 * is sent with is committed (`sending`) before the first attempt, and every retry reuses it, so a
 * crash between the server's acceptance and our `sent` never sends a second copy that the
 * customer could tell apart (e-mail: same Message-ID). A passing failure goes back to `queued`
 * and the job retries with backoff, no sooner than the server's Retry-After; a permanent one (or
 * the last attempt) marks the reply `failed`, shown in the inbox with retry and edit-and-resend.
 */
export const deliveryJob = defineJob({
  ...replyDelivery,
  outsideTransaction: true,
  async handle(db, { outboxId }, { config, job, emit }) {
    const delivery = await findDelivery(db, outboxId);
    if (!delivery || !['queued', 'sending'].includes(delivery.status)) return;
    const adapter = adapterFor(delivery.channel);
    const connection = adapter
      ? await openChannelConnection(db, config, delivery.channel_account_id)
      : undefined;
    if (!adapter || !connection || connection.account.paused === 1) {
      throw new RetryLaterError(
        `channel account ${delivery.channel_account_id} is paused or not connected`,
        pausedRecheckMilliseconds,
      );
    }
    const changed = () =>
      emit([
        {
          type: 'conversation.updated',
          organisationId: delivery.organisation_id,
          conversationId: delivery.conversation_id,
          changes: ['deliveries'],
        },
      ]);
    const idempotencyKey = delivery.idempotency_key ?? `outbox-${delivery.id}`;
    const externalId =
      delivery.external_id ?? adapter.outbound.externalIdFor(connection, idempotencyKey);
    if (!delivery.recipient_handle) {
      await markOutbox(db, delivery.id, {
        status: 'failed',
        error: 'the conversation has no customer address to reply to',
        now: Date.now(),
      });
      changed();
      return;
    }
    if (
      !(await markSending(
        db,
        { id: delivery.id, messageId: delivery.message_id, externalId },
        Date.now(),
      ))
    ) {
      return;
    }
    const thread = await inboundThreadOf(db, delivery.conversation_id);
    try {
      await adapter.outbound.send(
        connection,
        {
          idempotencyKey,
          text: delivery.text,
          authorName: delivery.author_name,
          recipient: delivery.recipient_handle,
          thread: thread.map((row) => ({
            externalId: row.external_id,
            raw: row.raw ? (JSON.parse(row.raw) as unknown) : null,
          })),
        },
        config,
      );
    } catch (error) {
      const failure =
        error instanceof ChannelError
          ? error
          : new ChannelError((error as Error).message ?? String(error), 'transient');
      const now = Date.now();
      await recordChannelFailure(db, config, connection.account, {
        message: failure.message,
        needsReauth: failure.kind === 'authentication',
      });
      const lastAttempt = job.attempts >= job.maxAttempts;
      if (failure.kind === 'permanent' || lastAttempt) {
        await markOutbox(db, delivery.id, { status: 'failed', error: failure.message, now });
        changed();
        return;
      }
      await markOutbox(db, delivery.id, { status: 'queued', error: failure.message, now });
      throw new RetryLaterError(failure.message, failure.retryAfterMilliseconds ?? 0);
    }
    await markOutbox(db, delivery.id, { status: 'sent', now: Date.now() });
    await recordChannelSuccess(db, connection.account.id);
    changed();
  },
});

export const channelJobs = [deliveryJob];
