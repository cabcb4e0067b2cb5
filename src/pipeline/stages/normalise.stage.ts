import { type InboundMessage, toEpochMilliseconds } from '../../modules/ingest/index.js';
import type { InboundItem } from '../care-batch.js';

/**
 * First care stage: turns a stored event into an item: trims handles, normalises line breaks (a
 * lone `\r` from some exports becomes `\n`), applies Unicode NFC so equal texts compare equal,
 * and turns the source time into epoch milliseconds. Runs before the transaction: it is pure.
 */
export function normaliseEvent(eventId: number, receivedAt: number, payload: string): InboundItem {
  const message = JSON.parse(payload) as InboundMessage;
  const authorName = message.author.name?.trim();
  return {
    eventId,
    receivedAt,
    channel: message.channel,
    channelAccountHandle: message.channel_account.trim().replace(/^@/, ''),
    externalId: message.external_id,
    direction: message.direction ?? 'inbound',
    authorHandle: message.author.handle.trim().replace(/^@/, ''),
    authorName: authorName ? authorName : null,
    text: normaliseText(message.text),
    createdAt: toEpochMilliseconds(message.created_at),
    inReplyTo: message.in_reply_to ?? null,
    raw: message.raw === undefined ? null : JSON.stringify(message.raw),
  };
}

function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}
