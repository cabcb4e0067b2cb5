export { careStages } from './care-pipeline.js';
export { listenJobKind } from './listen-queue.js';
export { listeningStages } from './listening-pipeline.js';
export { ingestPathKinds, pipelineJobs } from './pipeline.jobs.js';
export type { ErasedStage, Stage } from './stage.js';
export { normaliseEvent } from './stages/normalise.stage.js';
