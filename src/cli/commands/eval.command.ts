import {
  BASELINE_INSTALL_HINT,
  createClassifier,
  DATASET_FORMATS,
  formatFiguresTable,
  type HashedLinearModel,
  isDatasetFormat,
  isTask,
  type LabelledText,
  loadAfinnBaseline,
  loadModel,
  loadVaderBaseline,
  type MeasuredRun,
  ModelRegistry,
  measureBaseline,
  measureClassifierThroughput,
  measureModel,
  prepareForPrediction,
  readDataset,
  TASKS,
} from '../../nlp/index.js';
import { type CliCommand, CliUsageError, parseArguments, stringFlag } from '../command.js';

const USAGE = `hearken eval <task> [--model MODEL] --input FILE --format <format> [--json] [--throughput]

Prints accuracy, macro_recall, macro_f1, per-class precision/recall/F1 and msgs_per_s. Without
--model the active (shipped) model is evaluated. For sentiment the VADER and AFINN lexicon
baselines are measured side by side when their packages are installed.

Tasks: ${TASKS.join(', ')}
Formats: ${DATASET_FORMATS.join(', ')}
  --split NAME   umsab only: read <language>/NAME_text.txt
  --throughput   also time the full multi-task classify over the input texts`;

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Measure a classification model (and lexicon baselines) on labelled data',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseArguments(argv, {
      model: 'string',
      input: 'string',
      format: 'string',
      split: 'string',
      json: 'boolean',
      throughput: 'boolean',
    });
    const task = parsed.positionals[0];
    if (!task || !isTask(task)) throw new CliUsageError(`eval needs a task: ${TASKS.join(', ')}`);
    const input = stringFlag(parsed, 'input');
    const format = stringFlag(parsed, 'format');
    if (!input || !format) throw new CliUsageError('eval needs --input and --format');
    if (!isDatasetFormat(format)) {
      throw new CliUsageError(
        `unknown --format ${format}; use one of ${DATASET_FORMATS.join(', ')}`,
      );
    }
    const split = stringFlag(parsed, 'split');
    const modelPath = stringFlag(parsed, 'model');
    let examples: LabelledText[];
    let model: HashedLinearModel;
    try {
      examples = readDataset({ task, format, input, ...(split ? { split } : {}) });
      // As the pipeline would score the file once activated (a recorded weight floor applies).
      model = modelPath
        ? prepareForPrediction(loadModel(modelPath))
        : new ModelRegistry().get(task);
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    if (model.task !== task) {
      io.stderr.write(`${modelPath}: is a model for task ${model.task}, not ${task}\n`);
      return 1;
    }
    const systems: Array<{ name: string } & MeasuredRun> = [
      { name: model.version, ...measureModel(task, model, examples) },
    ];
    const notes: string[] = [];
    if (task === 'sentiment') {
      const baselines = [await loadVaderBaseline(), await loadAfinnBaseline()];
      for (const baseline of baselines) {
        if (baseline) systems.push({ name: baseline.name, ...measureBaseline(baseline, examples) });
      }
      if (baselines.some((baseline) => baseline === undefined)) notes.push(BASELINE_INSTALL_HINT);
    }
    let classifyPerSecond: number | undefined;
    if (parsed.flags.has('throughput')) {
      const texts = examples.map((example) => example.text);
      classifyPerSecond = measureClassifierThroughput(createClassifier(new ModelRegistry()), texts);
    }
    if (parsed.flags.has('json')) {
      const output = {
        task,
        input,
        format,
        systems: systems.map(({ name, figures, messagesPerSecond }) => ({
          name,
          accuracy: figures.accuracy,
          macro_recall: figures.macroRecall,
          macro_f1: figures.macroF1,
          msgs_per_s: Math.round(messagesPerSecond),
          examples: figures.examples,
          per_class: figures.perClass,
        })),
        notes,
        ...(classifyPerSecond !== undefined
          ? { full_classify_msgs_per_s: Math.round(classifyPerSecond) }
          : {}),
      };
      io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(`${task} on ${input} (${format}, ${examples.length} examples)\n`);
    io.stdout.write(
      formatFiguresTable(
        systems.map(({ name, figures, messagesPerSecond }) => ({
          name,
          figures,
          messagesPerSecond,
        })),
      ),
    );
    if (classifyPerSecond !== undefined) {
      io.stdout.write(
        `full classify (all tasks, shipped models, one core): ${Math.round(classifyPerSecond)} msgs/s\n`,
      );
    }
    for (const note of notes) io.stdout.write(`note: ${note}\n`);
    return 0;
  },
};
