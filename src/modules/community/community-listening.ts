import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { attachIdentity } from '../contacts/index.js';
import { acceptInboundWithin } from '../ingest/index.js';
import { personOf, type SignedInActor } from './community-actor.js';

/** The channel and account community posts enter the ingest pipeline on. */
export const communityChannel = 'community';
export const communityChannelAccount = 'portal';

export function postExternalId(postId: number): string {
  return `post-${postId}`;
}

/**
 * Every post goes through the ingest pipeline like any inbound message (docs/community.md,
 * "Listening"), in the post's own transaction: classification, themes and backlash alerts see
 * customer-to-customer talk. The rule that follows from the care path: a customer's topic is one
 * conversation on the `community` channel (its replies thread into it by `in_reply_to`), and a
 * staff post is the organisation's own (outbound), so a topic only staff wrote in is filed as
 * resolved and a customer writing in it reopens it.
 */
export async function bridgePostToListening(
  trx: Kysely<Database>,
  actor: SignedInActor,
  post: { postId: number; topicId: number; firstPostId: number | null; text: string; now: number },
): Promise<void> {
  // A signed-in customer is already a contact: their handle on this channel names them, so the
  // pipeline files their posts under the person they are, not under a new contact.
  if (actor.kind === 'participant') {
    await attachIdentity(
      trx,
      actor.organisationId,
      actor.contactId,
      communityChannel,
      personOf(actor),
      post.now,
    );
  }
  await acceptInboundWithin(
    trx,
    actor.organisationId,
    [
      {
        channel: communityChannel,
        channel_account: communityChannelAccount,
        external_id: postExternalId(post.postId),
        direction: actor.kind === 'staff' ? 'outbound' : 'inbound',
        author: { handle: personOf(actor) },
        text: post.text.slice(0, 20_000),
        created_at: post.now,
        ...(post.firstPostId === null ? {} : { in_reply_to: postExternalId(post.firstPostId) }),
        raw: { topic_id: post.topicId, post_id: post.postId },
      },
    ],
    'community',
  );
}
