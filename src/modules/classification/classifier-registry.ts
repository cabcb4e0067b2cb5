import {
  type Classification,
  createClassifier,
  deserialiseModel,
  type MessageClassifier,
  ModelRegistry,
  type Task,
} from '../../nlp/index.js';

/**
 * The process's active models and the classifier built on them. Built on first use (loading the
 * shipped models takes a moment) and shared by every pipeline batch; activating a model swaps it
 * in the registry and the classifier rebuilds its plan on the next message.
 */
let registry: ModelRegistry | undefined;
let classifier: MessageClassifier | undefined;

export function modelRegistry(): ModelRegistry {
  registry ??= new ModelRegistry();
  return registry;
}

export function messageClassifier(): MessageClassifier {
  classifier ??= createClassifier(modelRegistry());
  return classifier;
}

export function classify(text: string): Classification {
  return messageClassifier().classify(text);
}

/** Puts a stored model (JSON text) in place for its task; throws on a damaged file. */
export function activateModelContent(task: Task, content: string, source: string): string {
  const model = deserialiseModel(content, source);
  modelRegistry().setActiveModel(task, model);
  return model.version;
}

export function labelsOf(task: Task): readonly string[] {
  return modelRegistry().get(task).labels;
}
