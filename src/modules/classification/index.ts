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
export {
  angerSentimentCeiling,
  angerThreshold,
  type ClassifiedCustomerMessage,
  raisePriorityOfAngry,
} from './escalation.js';
export { classifyMessages, type MessageClassification } from './message-classification.js';
