export { registerInboundRoutes } from './inbound.routes.js';
export { loadUnprocessedEvents, markEventsProcessed } from './inbound-event.repository.js';
export {
  type FieldError,
  handleKey,
  type InboundMessage,
  InboundMessageSchema,
  toEpochMilliseconds,
  validateInboundMessage,
} from './inbound-message.schema.js';
export { maxBatch } from './ingest.schema.js';
export {
  type AcceptResult,
  acceptCandidates,
  acceptInbound,
  acceptInboundWithin,
  eventsPerJob,
  ingestBatch,
  ingestJobKind,
} from './ingest.service.js';
