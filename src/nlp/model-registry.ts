import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HashedLinearModel } from './hashed-linear-model.js';
import { loadModel } from './model-file.js';
import { fixedLabels, TASKS, type Task } from './tasks.js';

/** Where the models that ship with Hearken live: `src/nlp/models/<task>.model.json`. */
export const SHIPPED_MODELS_DIRECTORY = fileURLToPath(new URL('./models/', import.meta.url));

export function shippedModelPath(task: Task, directory = SHIPPED_MODELS_DIRECTORY): string {
  return `${directory.replace(/\/?$/, '/')}${task}.model.json`;
}

const MANY_LABELS = 8;

/**
 * A many-label model that records a sparse-weight floor (the shipped intent model) is scored one
 * by one (e.g. by `hearken eval`) from a sparse copy without the weights the merged scorer drops,
 * so both agree; a model without one (e.g. from `hearken train`) keeps its dense weights, as the
 * merged scorer keeps all of them. See docs/nlp-figures.md, section 4.
 */
export function prepareForPrediction(model: HashedLinearModel): HashedLinearModel {
  const floor = model.metadata.sparseWeightFloor ?? 0;
  if (model.labelCount > MANY_LABELS && floor > 0) model.compactForPrediction(floor);
  return model;
}

export interface ModelRegistryOptions {
  /** Directory of the default models; the shipped directory unless a test overrides it. */
  defaultsDirectory?: string;
  /** Model files to use instead of the defaults, e.g. the active model per task from the database. */
  activePaths?: Partial<Record<Task, string>>;
}

/**
 * Holds the active model of each task. Models load lazily from the active path or the shipped
 * default; `setActive` validates a model before swapping it in, so a bad file never replaces a
 * working model. `generation` changes on every swap so classifiers can rebuild their plan.
 */
export class ModelRegistry {
  private readonly defaultsDirectory: string;
  private readonly activePaths = new Map<Task, string>();
  private readonly loaded = new Map<Task, HashedLinearModel>();
  private currentGeneration = 0;

  constructor(options: ModelRegistryOptions = {}) {
    this.defaultsDirectory = options.defaultsDirectory ?? SHIPPED_MODELS_DIRECTORY;
    for (const [task, path] of Object.entries(options.activePaths ?? {})) {
      if (path) this.activePaths.set(task as Task, path);
    }
  }

  get generation(): number {
    return this.currentGeneration;
  }

  /** The path the task's model is (or would be) loaded from. */
  pathOf(task: Task): string {
    return this.activePaths.get(task) ?? shippedModelPath(task, this.defaultsDirectory);
  }

  get(task: Task): HashedLinearModel {
    const cached = this.loaded.get(task);
    if (cached) return cached;
    const path = this.pathOf(task);
    if (!existsSync(path)) {
      throw new Error(
        `no model for task ${task}: ${path} does not exist (run \`hearken train ${task}\`)`,
      );
    }
    const model = prepareForPrediction(checkModelFits(task, loadModel(path), path));
    this.loaded.set(task, model);
    return model;
  }

  /** Loads, validates and activates a model file for a task; returns the model. */
  setActive(task: Task, path: string): HashedLinearModel {
    const model = prepareForPrediction(checkModelFits(task, loadModel(path), path));
    this.activePaths.set(task, path);
    this.loaded.set(task, model);
    this.currentGeneration++;
    return model;
  }

  /** Activates an in-memory model (e.g. one just trained from corrections). */
  setActiveModel(task: Task, model: HashedLinearModel): void {
    this.loaded.set(task, prepareForPrediction(checkModelFits(task, model, 'model')));
    this.currentGeneration++;
  }

  /** Back to the shipped default for a task. */
  resetToDefault(task: Task): void {
    this.activePaths.delete(task);
    this.loaded.delete(task);
    this.currentGeneration++;
  }

  versions(): Record<Task, string> {
    const versions = {} as Record<Task, string>;
    for (const task of TASKS) versions[task] = this.get(task).version;
    return versions;
  }
}

function checkModelFits(task: Task, model: HashedLinearModel, source: string): HashedLinearModel {
  if (model.task !== task) {
    throw new Error(`${source}: is a model for task ${model.task}, not ${task}`);
  }
  const labels = fixedLabels(task);
  if (labels && task !== 'language') {
    const missing = labels.filter((label) => !model.labels.includes(label));
    if (missing.length > 0)
      throw new Error(`${source}: model lacks label(s) ${missing.join(', ')}`);
  }
  return model;
}
