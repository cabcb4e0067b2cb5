export { registerInboundRoutes } from './inbound.routes.js';
export { createIngestJobHandler } from './ingest.job.js';
export {
  type AcceptResult,
  acceptInbound,
  eventsPerJob,
  ingestJobKind,
} from './ingest.service.js';
export { createListenJobHandler } from './listen.job.js';
