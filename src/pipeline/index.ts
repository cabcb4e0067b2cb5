export {
  type FieldError,
  handleKey,
  type InboundMessage,
  InboundMessageSchema,
  toEpochMilliseconds,
  validateInboundMessage,
} from './inbound-event.js';
export {
  listenBatch,
  listeningStages,
  listenJobKind,
  lockListening,
  messagesPerListenJob,
  queueListening,
  runListening,
} from './listening.js';
export type { ListenedMessage, ListeningBatch, ListeningStage } from './listening-batch.js';
export { lockIngest, pipelineStages, runPipeline } from './pipeline.js';
export type { PipelineItem, PipelineStage } from './pipeline-batch.js';
export { normaliseEvent, normaliseText } from './stages/normalise.stage.js';
