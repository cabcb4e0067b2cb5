export type { InboundItem } from './care-batch.js';
export { carePipeline, careStages, runCarePipeline } from './care-pipeline.js';
export {
  listenBatch,
  listenJobKind,
  messagesPerListenJob,
  queueListening,
} from './listen-queue.js';
export type { ListenedMessage, ListeningBatch } from './listening-batch.js';
export { listeningPipeline, listeningStages, runListeningPipeline } from './listening-pipeline.js';
export { ingestJob, ingestPathKinds, listenJob, pipelineJobs } from './pipeline.jobs.js';
export { type ErasedStage, Pipeline, pipeline, type Stage } from './stage.js';
export { normaliseEvent, normaliseText } from './stages/normalise.stage.js';
