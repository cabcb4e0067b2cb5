export { type ChurnRisk, detectChurnRisk } from './churn-risk.js';
export {
  DATASET_FORMATS,
  DatasetError,
  type DatasetFormat,
  isDatasetFormat,
  type ReadDatasetOptions,
  readDataset,
  readVader,
  vaderRatingToSentiment,
} from './dataset-readers.js';
export {
  averageFigures,
  type ClassFigures,
  type EvaluationFigures,
  evaluatePredictions,
  formatFiguresTable,
} from './evaluation.js';
export {
  extractFeatures,
  type FeatureConfig,
  FeatureVector,
  featureConfigKey,
} from './feature-hashing.js';
export {
  HashedLinearModel,
  type LabelScore,
  type ModelMetadata,
  type Prediction,
} from './hashed-linear-model.js';
export { dominantScript, LanguageIdentifier, type Script } from './language-identifier.js';
export {
  BASELINE_INSTALL_HINT,
  loadAfinnBaseline,
  loadVaderBaseline,
  type SentimentBaseline,
} from './lexicon-baselines.js';
export {
  type Classification,
  createClassifier,
  type MessageClassifier,
  type SentimentScore,
} from './message-classifier.js';
export {
  deserialiseModel,
  loadModel,
  type ModelFile,
  saveModel,
  serialiseModel,
} from './model-file.js';
export {
  ModelRegistry,
  type ModelRegistryOptions,
  prepareForPrediction,
  SHIPPED_MODELS_DIRECTORY,
  shippedModelPath,
} from './model-registry.js';
export {
  defaultTrainingSetup,
  heldOutFigures,
  type MeasuredRun,
  measureBaseline,
  measureClassifierThroughput,
  measureModel,
  trainTask,
} from './task-runner.js';
export {
  ANGER_LABELS,
  COMPLAINT_LABELS,
  isTask,
  LANGUAGE_LABELS,
  SENTIMENT_LABELS,
  TASKS,
  type Task,
  UNKNOWN_LANGUAGE,
} from './tasks.js';
export { tokenise } from './tokeniser.js';
export { type LabelledText, type TrainingOptions, trainModel } from './training.js';
