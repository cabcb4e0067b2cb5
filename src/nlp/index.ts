export {
  DATASET_FORMATS,
  type DatasetFormat,
  isDatasetFormat,
  readDataset,
} from './dataset-readers.js';
export { formatFiguresTable } from './evaluation.js';
export { extractFeatures, type FeatureConfig, FeatureVector } from './feature-hashing.js';
export { HashedLinearModel } from './hashed-linear-model.js';
export {
  BASELINE_INSTALL_HINT,
  loadAfinnBaseline,
  loadVaderBaseline,
} from './lexicon-baselines.js';
export {
  type Classification,
  createClassifier,
  type MessageClassifier,
} from './message-classifier.js';
export { deserialiseModel, loadModel, saveModel } from './model-file.js';
export { ModelRegistry, prepareForPrediction } from './model-registry.js';
export {
  heldOutFigures,
  type MeasuredRun,
  measureBaseline,
  measureClassifierThroughput,
  measureModel,
  trainTask,
} from './task-runner.js';
export { isTask, TASKS, type Task } from './tasks.js';
export { tokenise } from './tokeniser.js';
export type { LabelledText } from './training.js';
