import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli/command.js';
import { evalCommand } from '../cli/commands/eval.command.js';
import { trainCommand } from '../cli/commands/train.command.js';
import { TOY_SENTIMENT } from './test-fixtures.js';

function capture(): {
  io: { stdout: Writable; stderr: Writable };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  const stream = (append: (chunk: string) => void): Writable =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    io: { stdout: stream((chunk) => (out += chunk)), stderr: stream((chunk) => (err += chunk)) },
    out: () => out,
    err: () => err,
  };
}

const directory = mkdtempSync(join(tmpdir(), 'hearken-cli-'));
const csv = join(directory, 'labelled.csv');
const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
writeFileSync(
  csv,
  `text,label\n${[...TOY_SENTIMENT, ...TOY_SENTIMENT]
    .map((example) => `${quote(example.text)},${example.label}`)
    .join('\n')}\n`,
);

describe('hearken train and eval', () => {
  it('trains, reports held-out figures and writes a model that eval reads', async () => {
    const model = join(directory, 'sentiment.model.json');
    const train = capture();
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

    const evaluation = capture();
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
    const run = capture();
    const out = join(directory, 'cv.model.json');
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
      trainCommand.run(['sentiment', '--from-corrections'], capture().io),
    ).rejects.toThrow(/--out/);
    const missing = capture();
    expect(
      await trainCommand.run(
        ['sentiment', '--input', join(directory, 'none.csv'), '--format', 'csv', '--out', 'x'],
        missing.io,
      ),
    ).toBe(1);
    expect(missing.err()).toContain('none.csv: file not found');
    await expect(trainCommand.run(['mood', '--input', csv], capture().io)).rejects.toThrow(
      CliUsageError,
    );
    await expect(
      evalCommand.run(['sentiment', '--input', csv, '--format', 'xml'], capture().io),
    ).rejects.toThrow(/unknown --format xml/);
  });
});
