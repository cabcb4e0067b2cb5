import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type { DeliveryListSchema, DeliverySchema, PostedMessageSchema } from './reply.schema.js';
import type { deliveriesOf, postMessage } from './reply.service.js';

type Delivery = Pick<
  Awaited<ReturnType<typeof deliveriesOf>>[number],
  'message_id' | 'status' | 'attempts' | 'last_error' | 'updated_at'
>;

export function presentDelivery(row: Delivery): Static<typeof DeliverySchema> {
  return {
    message_id: row.message_id,
    status: row.status,
    attempts: row.attempts,
    last_error: row.last_error,
    updated_at: iso(row.updated_at),
  };
}

export function presentDeliveryList(rows: Delivery[]): Static<typeof DeliveryListSchema> {
  return { data: rows.map(presentDelivery) };
}

export function presentPostedMessage(
  posted: Awaited<ReturnType<typeof postMessage>>,
): Static<typeof PostedMessageSchema> {
  return {
    message_id: posted.messageId,
    created_at: iso(posted.now),
    delivery: posted.delivery ? presentDelivery(posted.delivery) : null,
  };
}
