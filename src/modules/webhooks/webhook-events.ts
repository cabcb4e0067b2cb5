/**
 * The event types an integration can subscribe to: domain events (src/platform/events.ts) named
 * for what an integration cares about. `conversation.updated` is split by what changed
 * (assigned, resolved, flagged as bypass); `webhook.test` is only sent by "send test event".
 */
export const webhookEventTypes = [
  'message.created',
  'conversation.created',
  'conversation.assigned',
  'conversation.resolved',
  'conversation.bypass_flagged',
  'sla.warning',
  'sla.breached',
  'alert.opened',
  'alert.updated',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number] | 'webhook.test';

export function isWebhookEventType(value: string): value is (typeof webhookEventTypes)[number] {
  return (webhookEventTypes as readonly string[]).includes(value);
}

/** The JSON body every delivery sends; `data` depends on the type. */
export interface WebhookBody {
  id: string;
  type: WebhookEventType;
  created_at: string;
  organisation_id: number;
  data: Record<string, unknown>;
}

export function webhookBody(
  eventId: string,
  type: WebhookEventType,
  organisationId: number,
  data: Record<string, unknown>,
  now: number,
): string {
  const body: WebhookBody = {
    id: eventId,
    type,
    created_at: new Date(now).toISOString(),
    organisation_id: organisationId,
    data,
  };
  return JSON.stringify(body);
}
