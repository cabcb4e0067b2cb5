import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseCsvWithHeader } from '../platform/csv.js';
import { fixedLabels, LANGUAGE_LABELS, SENTIMENT_LABELS, type Task } from './tasks.js';
import type { LabelledText } from './training.js';

export const DATASET_FORMATS = [
  'airline',
  'tweeteval',
  'banking77',
  'vader',
  'csv',
  'umsab',
] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export function isDatasetFormat(value: string): value is DatasetFormat {
  return (DATASET_FORMATS as readonly string[]).includes(value);
}

export interface ReadDatasetOptions {
  task: Task;
  format: DatasetFormat;
  input: string;
  /** For umsab: read only `<split>_text.txt` (e.g. 'val'); default every split found. */
  split?: string;
}

/** VADER ratings run -4..+4; these cut-offs were chosen by measurement (docs/nlp-figures.md). */
const VADER_NEGATIVE_BELOW = -0.5;
const VADER_POSITIVE_ABOVE = 0.5;

export function vaderRatingToSentiment(rating: number): string {
  if (rating < VADER_NEGATIVE_BELOW) return 'negative';
  if (rating > VADER_POSITIVE_ABOVE) return 'positive';
  return 'neutral';
}

class DatasetError extends Error {
  override name = 'DatasetError';
}

function readText(path: string): string {
  if (!existsSync(path)) throw new DatasetError(`${path}: file not found`);
  if (statSync(path).isDirectory()) throw new DatasetError(`${path}: is a directory, not a file`);
  return readFileSync(path, 'utf8');
}

function unsupported(format: DatasetFormat, task: Task): never {
  throw new DatasetError(`format ${format} has no labels for task ${task}`);
}

/** Reads a labelled data set, validating columns and labels with file:line in every error. */
export function readDataset(options: ReadDatasetOptions): LabelledText[] {
  const { format, task, input } = options;
  switch (format) {
    case 'airline':
      return readAirline(input, task);
    case 'tweeteval':
      return readTweetEval(input, task);
    case 'banking77':
      if (task !== 'intent') unsupported(format, task);
      return readLabelledCsv(input, 'category', task);
    case 'vader':
      if (task !== 'sentiment') unsupported(format, task);
      return readVader(input).map(({ text, rating }) => ({
        text,
        label: vaderRatingToSentiment(rating),
      }));
    case 'csv':
      return readLabelledCsv(input, 'label', task);
    case 'umsab':
      return readUmsab(input, task, options.split);
  }
}

function checkLabel(label: string, task: Task, where: string): string {
  const allowed = fixedLabels(task);
  if (label === '') throw new DatasetError(`${where}: empty label`);
  if (allowed && !allowed.includes(label)) {
    throw new DatasetError(`${where}: label "${label}" is not one of ${allowed.join(', ')}`);
  }
  return label;
}

function readAirline(path: string, task: Task): LabelledText[] {
  if (task !== 'sentiment' && task !== 'complaint') unsupported('airline', task);
  const rows = parseCsvWithHeader(readText(path), ['tweet_id', 'airline_sentiment', 'text'], path);
  const seen = new Set<string>();
  const examples: LabelledText[] = [];
  for (const { line, values } of rows) {
    // Some tweet ids occur twice; keeping both would leak across cross-validation folds.
    const id = values.tweet_id as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const sentiment = checkLabel(
      values.airline_sentiment as string,
      'sentiment',
      `${path}:${line}`,
    );
    const label =
      task === 'sentiment' ? sentiment : sentiment === 'negative' ? 'complaint' : 'other';
    examples.push({ text: values.text as string, label });
  }
  return examples;
}

function readLabelledCsv(path: string, labelColumn: string, task: Task): LabelledText[] {
  const rows = parseCsvWithHeader(readText(path), ['text', labelColumn], path);
  return rows.map(({ line, values }) => {
    const text = values.text as string;
    if (text.trim() === '') throw new DatasetError(`${path}:${line}: empty text`);
    return {
      text,
      label: checkLabel((values[labelColumn] as string).trim(), task, `${path}:${line}`),
    };
  });
}

export function readVader(path: string): Array<{ text: string; rating: number }> {
  const lines = readText(path).split(/\r?\n/);
  const examples: Array<{ text: string; rating: number }> = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const parts = line.split('\t');
    if (parts.length < 3) {
      throw new DatasetError(`${path}:${index + 1}: expected id<TAB>rating<TAB>text`);
    }
    const rating = Number(parts[1]);
    if (!Number.isFinite(rating) || rating < -4 || rating > 4) {
      throw new DatasetError(`${path}:${index + 1}: rating "${parts[1]}" is not a number in -4..4`);
    }
    examples.push({ text: parts.slice(2).join('\t'), rating });
  });
  return examples;
}

/**
 * TweetEval: `input` is the prefix of a pair, e.g. `.../sentiment/val` for `val_text.txt` and
 * `val_labels.txt`, with `mapping.txt` (index TAB name) beside them.
 */
function readTweetEval(input: string, task: Task): LabelledText[] {
  const prefix = input.replace(/_(text|labels)\.txt$/, '');
  const textPath = `${prefix}_text.txt`;
  const labelPath = `${prefix}_labels.txt`;
  const mappingPath = join(dirname(prefix), 'mapping.txt');
  const mapping = new Map<string, string>();
  readText(mappingPath)
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const [key, name] = line.split('\t');
      if (key === undefined || name === undefined) {
        throw new DatasetError(`${mappingPath}:${index + 1}: expected index<TAB>name`);
      }
      mapping.set(key.trim(), name.trim());
    });
  const texts = splitLines(readText(textPath));
  const labels = splitLines(readText(labelPath));
  if (texts.length !== labels.length) {
    throw new DatasetError(
      `${textPath} has ${texts.length} lines but ${labelPath} has ${labels.length}`,
    );
  }
  const names = [...mapping.values()];
  if (task === 'anger' && !names.includes('anger')) {
    throw new DatasetError(`${mappingPath}: no "anger" class, so it cannot train task anger`);
  }
  return texts.map((text, index) => {
    const where = `${labelPath}:${index + 1}`;
    const name = mapping.get((labels[index] as string).trim());
    if (name === undefined)
      throw new DatasetError(`${where}: label "${labels[index]}" not in mapping.txt`);
    const label = task === 'anger' ? (name === 'anger' ? 'anger' : 'other') : name;
    return { text, label: checkLabel(label, task, where) };
  });
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** UMSAB: `<dir>/<language>/<split>_text.txt` with `<split>_labels.txt` (0/1/2 sentiment). */
function readUmsab(directory: string, task: Task, split?: string): LabelledText[] {
  if (task !== 'language' && task !== 'sentiment') unsupported('umsab', task);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new DatasetError(`${directory}: not a directory of <language>/<split>_text.txt files`);
  }
  const examples: LabelledText[] = [];
  for (const language of LANGUAGE_LABELS) {
    const languageDirectory = join(directory, language);
    if (!existsSync(languageDirectory)) continue;
    const textFiles = readdirSync(languageDirectory)
      .filter((name) => name.endsWith('_text.txt'))
      .filter((name) => split === undefined || name === `${split}_text.txt`)
      .sort();
    for (const name of textFiles) {
      const textPath = join(languageDirectory, name);
      const texts = splitLines(readText(textPath));
      if (task === 'language') {
        for (const text of texts) examples.push({ text, label: language });
        continue;
      }
      const labelPath = join(languageDirectory, basename(name).replace('_text.txt', '_labels.txt'));
      const labels = splitLines(readText(labelPath));
      texts.forEach((text, index) => {
        const label = SENTIMENT_LABELS[Number(labels[index])];
        if (label === undefined) {
          throw new DatasetError(
            `${labelPath}:${index + 1}: label "${labels[index]}" is not 0, 1 or 2`,
          );
        }
        examples.push({ text, label });
      });
    }
  }
  if (examples.length === 0) {
    throw new DatasetError(`${directory}: no <language>/${split ?? '*'}_text.txt files found`);
  }
  return examples;
}
