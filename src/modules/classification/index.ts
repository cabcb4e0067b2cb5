export { registerClassificationRoutes } from './classification.routes.js';
export {
  activateModel,
  correctionExamples,
  loadActiveModels,
} from './classification.service.js';
export {
  activateModelContent,
  classify,
  labelsOf,
  messageClassifier,
  modelRegistry,
} from './classifier-registry.js';
export { classifyStage } from './classify.stage.js';
export { angerSentimentCeiling, angerThreshold, escalateStage } from './escalate.stage.js';
