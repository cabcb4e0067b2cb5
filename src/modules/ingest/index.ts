export { registerInboundRoutes } from './inbound.routes.js';
export { ingestJob } from './ingest.job.js';
export {
  type AcceptResult,
  acceptInbound,
  eventsPerJob,
  ingestBatch,
  ingestJobKind,
} from './ingest.service.js';
export { listenJob } from './listen.job.js';
