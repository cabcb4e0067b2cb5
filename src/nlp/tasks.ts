/** The classification tasks of "Listen"; each has one active model at a time. */
export const TASKS = ['sentiment', 'anger', 'complaint', 'intent', 'language'] as const;
export type Task = (typeof TASKS)[number];

export function isTask(value: string): value is Task {
  return (TASKS as readonly string[]).includes(value);
}

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const ANGER_LABELS = ['anger', 'other'] as const;
export const COMPLAINT_LABELS = ['complaint', 'other'] as const;
/** The eight UMSAB languages; the identifier may also answer UNKNOWN_LANGUAGE. */
export const LANGUAGE_LABELS = [
  'arabic',
  'english',
  'french',
  'german',
  'hindi',
  'italian',
  'portuguese',
  'spanish',
] as const;
export const UNKNOWN_LANGUAGE = 'unknown';

/** The fixed label set of a task, or undefined when the organisation chooses it (intent). */
export function fixedLabels(task: Task): readonly string[] | undefined {
  switch (task) {
    case 'sentiment':
      return SENTIMENT_LABELS;
    case 'anger':
      return ANGER_LABELS;
    case 'complaint':
      return COMPLAINT_LABELS;
    case 'language':
      return LANGUAGE_LABELS;
    case 'intent':
      return undefined;
  }
}
