export {
  findDelivery,
  inboundThreadOf,
  markOutbox,
  markSending,
  recordDeliveryReport,
} from './outbox.repository.js';
export { registerReplyRoutes } from './reply.routes.js';
export { postMessage, type ReplyInput, retryDelivery } from './reply.service.js';
export { deliveryMaxAttempts, replyDelivery } from './reply-delivery.js';
