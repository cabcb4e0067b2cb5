import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureCliIo } from '../../test/cli-io.js';
import { temporaryFolder } from '../../test/temporary-folder.js';
import { TOY_SENTIMENT } from '../../test/toy-sentiment.js';
import { CliUsageError } from '../command.js';
import { evalCommand } from './eval.command.js';
import { trainCommand } from './train.command.js';

const folder = temporaryFolder('cli');
const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
const csv = folder.write(
  'labelled.csv',
  `text,label\n${[...TOY_SENTIMENT, ...TOY_SENTIMENT]
    .map((example) => `${quote(example.text)},${example.label}`)
    .join('\n')}\n`,
);

describe('hearken train and eval', () => {
  it('trains, reports held-out figures and writes a model that eval reads', async () => {
    const model = folder.file('sentiment.model.json');
    const train = captureCliIo();
    const code = await trainCommand.run(
      [
        'sentiment',
        '--input',
        csv,
        '--format',
        'csv',
        '--out',
        model,
        '--seed',
        '3',
        '--epochs',
        '20',
        '--model-version',
        'sentiment-test.9',
      ],
      train.io,
    );
    expect(train.err()).toBe('');
    expect(code).toBe(0);
    expect(train.out()).toMatch(/held-out stratified 20% \(seed 3\)/);
    expect(train.out()).toMatch(/macro_recall\s+\d\.\d{3}/);
    expect(JSON.parse(readFileSync(model, 'utf8')).version).toBe('sentiment-test.9');

    const evaluation = captureCliIo();
    expect(
      await evalCommand.run(
        ['sentiment', '--model', model, '--input', csv, '--format', 'csv', '--json'],
        evaluation.io,
      ),
    ).toBe(0);
    const report = JSON.parse(evaluation.out());
    expect(report.systems[0]).toMatchObject({ name: 'sentiment-test.9' });
    expect(report.systems[0].accuracy).toBeGreaterThan(0.9);
    expect(report.systems[0].per_class.map((entry: { label: string }) => entry.label)).toEqual([
      'negative',
      'neutral',
      'positive',
    ]);
    expect(report.systems[0].msgs_per_s).toBeGreaterThan(0);
  });

  it('reports cross-validation when asked for folds', async () => {
    const run = captureCliIo();
    const out = folder.file('cv.model.json');
    expect(
      await trainCommand.run(
        ['sentiment', '--input', csv, '--format', 'csv', '--out', out, '--folds', '3'],
        run.io,
      ),
    ).toBe(0);
    expect(run.out()).toContain('3-fold stratified cross-validation');
  });

  it('fails clearly on bad input and on corrections training', async () => {
    await expect(
      trainCommand.run(['sentiment', '--from-corrections'], captureCliIo().io),
    ).rejects.toThrow(/--out/);
    const missing = captureCliIo();
    expect(
      await trainCommand.run(
        ['sentiment', '--input', folder.file('none.csv'), '--format', 'csv', '--out', 'x'],
        missing.io,
      ),
    ).toBe(1);
    expect(missing.err()).toContain('none.csv: file not found');
    await expect(trainCommand.run(['mood', '--input', csv], captureCliIo().io)).rejects.toThrow(
      CliUsageError,
    );
    await expect(
      evalCommand.run(['sentiment', '--input', csv, '--format', 'xml'], captureCliIo().io),
    ).rejects.toThrow(/unknown --format xml/);
  });
});
