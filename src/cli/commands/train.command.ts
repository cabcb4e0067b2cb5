import { correctionExamples } from '../../modules/classification/index.js';
import {
  DATASET_FORMATS,
  type DatasetFormat,
  formatFiguresTable,
  heldOutFigures,
  isDatasetFormat,
  isTask,
  type LabelledText,
  readDataset,
  saveModel,
  TASKS,
  trainTask,
} from '../../nlp/index.js';
import { type CliCommand, CliUsageError, parseArguments, stringFlag } from '../command.js';
import { openRuntime } from '../runtime.js';

const USAGE = `hearken train <task> --input FILE --format <format> --out MODEL [options]

Tasks: ${TASKS.join(', ')}
Formats: ${DATASET_FORMATS.join(', ')}

Options:
  --seed N             shuffling and split seed (default 1)
  --epochs N           passes over the data (default per task)
  --learning-rate X    AdaGrad step (default per task)
  --folds N            report N-fold cross-validation instead of a held-out split
  --test-fraction F    held-out share for the reported figures (default 0.2)
  --split NAME         umsab only: read <language>/NAME_text.txt
  --model-version V    version string recorded in the model (default <task>-custom-<date>)
  --from-corrections   train on the agents' corrections stored in the database (instead of --input)`;

function numberFlag(value: string | undefined, name: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    throw new CliUsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}`);
  }
  return parsed;
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a classification model from labelled data and write a model file',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseArguments(argv, {
      input: 'string',
      format: 'string',
      out: 'string',
      seed: 'string',
      epochs: 'string',
      'learning-rate': 'string',
      folds: 'string',
      'test-fraction': 'string',
      split: 'string',
      'model-version': 'string',
      'from-corrections': 'boolean',
    });
    const task = parsed.positionals[0];
    if (!task || !isTask(task)) throw new CliUsageError(`train needs a task: ${TASKS.join(', ')}`);
    const fromCorrections = parsed.flags.has('from-corrections');
    const input = stringFlag(parsed, 'input');
    const format = stringFlag(parsed, 'format');
    const out = stringFlag(parsed, 'out');
    if (!fromCorrections && (!input || !format || !out))
      throw new CliUsageError(
        'train needs --input, --format and --out (or --from-corrections --out)',
      );
    if (format !== undefined && !isDatasetFormat(format)) {
      throw new CliUsageError(
        `unknown --format ${format}; use one of ${DATASET_FORMATS.join(', ')}`,
      );
    }
    const seed = numberFlag(stringFlag(parsed, 'seed'), 'seed', true) ?? 1;
    const epochs = numberFlag(stringFlag(parsed, 'epochs'), 'epochs', true);
    const learningRate = numberFlag(stringFlag(parsed, 'learning-rate'), 'learning-rate', false);
    const folds = numberFlag(stringFlag(parsed, 'folds'), 'folds', true) ?? 0;
    const testFraction =
      numberFlag(stringFlag(parsed, 'test-fraction'), 'test-fraction', false) ?? 0.2;
    if (testFraction <= 0 || testFraction >= 1)
      throw new CliUsageError('--test-fraction must be in (0, 1)');
    const split = stringFlag(parsed, 'split');
    let examples: LabelledText[];
    let source: string;
    if (fromCorrections) {
      if (!out) throw new CliUsageError('train --from-corrections needs --out');
      const runtime = await openRuntime({ quiet: true });
      try {
        examples = (await correctionExamples(runtime, runtime.organisationId, task)).map((row) => ({
          text: row.text,
          label: row.label,
        }));
      } finally {
        await runtime.close();
      }
      if (new Set(examples.map((example) => example.label)).size < 2) {
        io.stderr.write(
          `only ${examples.length} corrections of ${task} with fewer than two labels: correct more messages in the inbox first\n`,
        );
        return 1;
      }
      source = `agents' corrections (${examples.length} examples)`;
    } else {
      try {
        examples = readDataset({
          task,
          format: format as DatasetFormat,
          input: input as string,
          ...(split ? { split } : {}),
        });
      } catch (error) {
        io.stderr.write(`${(error as Error).message}\n`);
        return 1;
      }
      source = `${format} data from ${input} (${examples.length} examples)`;
    }
    const date = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const request = {
      task,
      examples,
      version: stringFlag(parsed, 'model-version') ?? `${task}-custom-${date}`,
      trainingData: source,
      options: {
        seed,
        ...(epochs !== undefined ? { epochs } : {}),
        ...(learningRate !== undefined ? { learningRate } : {}),
      },
    };
    io.stdout.write(
      `read ${examples.length} examples from ${fromCorrections ? 'the corrections' : input}\n`,
    );
    const { figures, description } = heldOutFigures(request, { folds, testFraction, seed });
    io.stdout.write(`figures on ${description}:\n`);
    io.stdout.write(formatFiguresTable([{ name: task, figures }]));
    const model = trainTask(request);
    model.metadata.metrics = {
      heldOutAccuracy: figures.accuracy,
      heldOutMacroRecall: figures.macroRecall,
      heldOutMacroF1: figures.macroF1,
    };
    saveModel(model, out as string, { pruneBelow: 1e-3 });
    io.stdout.write(
      `trained on all ${examples.length} examples; wrote ${model.version} to ${out}\nmake it the active model with: hearken models activate ${out}\n`,
    );
    return 0;
  },
};
