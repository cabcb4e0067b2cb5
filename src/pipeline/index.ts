export {
  type FieldError,
  handleKey,
  type InboundMessage,
  InboundMessageSchema,
  toEpochMilliseconds,
  validateInboundMessage,
} from './inbound-event.js';
export { lockIngest, pipelineStages, runPipeline } from './pipeline.js';
export type { PipelineItem, PipelineStage } from './pipeline-batch.js';
export { normaliseEvent, normaliseText } from './stages/normalise.stage.js';
