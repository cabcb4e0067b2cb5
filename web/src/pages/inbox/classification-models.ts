import { optionalApi } from '../../api/api-client.js';

export interface ClassificationModel {
  task: string;
  version: string;
  labels: string[];
}

let models: Promise<Map<string, ClassificationModel>> | null = null;

/**
 * The labels an agent may pick when correcting a prediction, per task. Asked once per page
 * load: models change only when an administrator activates a new one.
 */
export function classificationModels(): Promise<Map<string, ClassificationModel>> {
  models ??= optionalApi<{ data: ClassificationModel[] }>('/api/v1/classification/models', {
    data: [],
  })
    .then((answer) => new Map(answer.data.map((model) => [model.task, model])))
    .catch(() => {
      models = null;
      return new Map();
    });
  return models;
}

/** "card_arrival" reads as "card arrival"; the API value stays what is sent back. */
export function labelText(label: string): string {
  return label.replaceAll('_', ' ');
}

const languageNames = new Intl.DisplayNames(undefined, { type: 'language' });

export function languageName(code: string): string {
  if (code === 'und' || code === '') return 'unknown language';
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}
