import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { DomainEvent, EventSubscriber } from '../../platform/events.js';
import { alertWebhookData } from '../alerts/index.js';
import { findConversation } from '../conversations/index.js';
import { queueDelivery } from './webhook.jobs.js';
import { listEnabledWebhooks } from './webhook.repository.js';
import { type WebhookEventType, webhookBody } from './webhook-events.js';

type Subscriptions = { id: number; events: ReadonlySet<string> }[];

/**
 * An ingest batch emits thousands of events in one transaction; the subscriptions cannot change
 * inside it, so they are read once per transaction rather than once per event.
 */
const subscriptionsOfTransaction = new WeakMap<object, Map<number, Promise<Subscriptions>>>();

function subscriptionsOf(trx: Kysely<Database>, organisationId: number): Promise<Subscriptions> {
  let byOrganisation = subscriptionsOfTransaction.get(trx);
  if (!byOrganisation) {
    byOrganisation = new Map();
    subscriptionsOfTransaction.set(trx, byOrganisation);
  }
  let found = byOrganisation.get(organisationId);
  if (!found) {
    found = listEnabledWebhooks(trx, organisationId).then((rows) =>
      rows.map((row) => ({ id: row.id, events: new Set(JSON.parse(row.events) as string[]) })),
    );
    byOrganisation.set(organisationId, found);
  }
  return found;
}

/** What a conversation.updated means to an integration, read after the change. */
async function conversationTypes(
  trx: Kysely<Database>,
  event: Extract<DomainEvent, { type: 'conversation.updated' }>,
  wanted: (type: WebhookEventType) => boolean,
): Promise<{ type: WebhookEventType; data: Record<string, unknown> }[]> {
  const { changes } = event;
  const candidates: WebhookEventType[] = [];
  if (changes.includes('assignee_id')) candidates.push('conversation.assigned');
  if (changes.includes('status')) candidates.push('conversation.resolved');
  if (changes.includes('bypass')) candidates.push('conversation.bypass_flagged');
  const interesting = candidates.filter(wanted);
  if (interesting.length === 0) return [];
  const conversation = await findConversation(trx, event.organisationId, event.conversationId);
  if (!conversation) return [];
  const data = {
    conversation_id: conversation.id,
    status: conversation.status,
    priority: conversation.priority,
    team_id: conversation.team_id,
    assignee_id: conversation.assignee_id,
    channel: conversation.channel,
  };
  return interesting
    .filter((type) => type !== 'conversation.resolved' || conversation.status === 'resolved')
    .map((type) => ({ type, data }));
}

async function payloadsOf(
  trx: Kysely<Database>,
  event: DomainEvent,
  wanted: (type: WebhookEventType) => boolean,
): Promise<{ type: WebhookEventType; data: Record<string, unknown> }[]> {
  switch (event.type) {
    case 'message.created':
      return wanted('message.created')
        ? [
            {
              type: 'message.created',
              data: {
                conversation_id: event.conversationId,
                message_id: event.messageId,
                direction: event.direction,
              },
            },
          ]
        : [];
    case 'conversation.created':
      return wanted('conversation.created')
        ? [{ type: 'conversation.created', data: { conversation_id: event.conversationId } }]
        : [];
    case 'conversation.updated':
      return conversationTypes(trx, event, wanted);
    case 'sla.warning':
    case 'sla.breached':
      return wanted(event.type)
        ? [
            {
              type: event.type,
              data: {
                conversation_id: event.conversationId,
                metric: event.metric,
                due_at: new Date(event.dueAt).toISOString(),
              },
            },
          ]
        : [];
    case 'alert.opened':
    case 'alert.updated': {
      if (!wanted(event.type)) return [];
      const alert = await alertWebhookData(trx, event.organisationId, event.alertId);
      return alert ? [{ type: event.type, data: { alert } }] : [];
    }
    default:
      return [];
  }
}

/**
 * Queues one delivery per (subscription, event) in the event's own transaction, with the body
 * fixed now: every retry sends the same bytes, and a rolled-back change sends nothing.
 */
export const queueWebhookDeliveries: EventSubscriber = {
  name: 'webhooks.queue-deliveries',
  handles: [
    'message.created',
    'conversation.created',
    'conversation.updated',
    'sla.warning',
    'sla.breached',
    'alert.opened',
    'alert.updated',
  ],
  async react(trx, event, { now }) {
    const subscriptions = await subscriptionsOf(trx, event.organisationId);
    if (subscriptions.length === 0) return;
    const wanted = (type: WebhookEventType) =>
      subscriptions.some((subscription) => subscription.events.has(type));
    for (const { type, data } of await payloadsOf(trx, event, wanted)) {
      const eventId = randomUUID();
      const body = webhookBody(eventId, type, event.organisationId, data, now);
      for (const subscription of subscriptions) {
        if (!subscription.events.has(type)) continue;
        await queueDelivery(trx, {
          organisationId: event.organisationId,
          webhookId: subscription.id,
          eventId,
          eventType: type,
          body,
          now,
        });
      }
    }
  },
};

export const webhookSubscribers: EventSubscriber[] = [queueWebhookDeliveries];
