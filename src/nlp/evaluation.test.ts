import { describe, expect, it } from 'vitest';
import { averageFigures, evaluatePredictions, formatFiguresTable } from './evaluation.js';

describe('evaluatePredictions', () => {
  it('computes accuracy, macro recall, macro F1 and per-class figures', () => {
    const gold = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c'];
    const predicted = ['a', 'a', 'a', 'b', 'b', 'a', 'a', 'a'];
    const figures = evaluatePredictions(gold, predicted);
    expect(figures.accuracy).toBeCloseTo(4 / 8);
    const a = figures.perClass.find((entry) => entry.label === 'a');
    expect(a).toMatchObject({ support: 4 });
    expect(a?.precision).toBeCloseTo(3 / 6);
    expect(a?.recall).toBeCloseTo(3 / 4);
    expect(figures.macroRecall).toBeCloseTo((3 / 4 + 1 / 2 + 0) / 3);
    const f1a = (2 * 0.5 * 0.75) / 1.25;
    const f1b = (2 * 0.5 * 0.5) / 1;
    expect(figures.macroF1).toBeCloseTo((f1a + f1b + 0) / 3);
    expect(figures.confusion.c).toEqual({ a: 2 });
  });

  it('averages folds and prints a table with every system', () => {
    const one = evaluatePredictions(['x', 'y'], ['x', 'y']);
    const two = evaluatePredictions(['x', 'y'], ['x', 'x']);
    const average = averageFigures([one, two]);
    expect(average.accuracy).toBeCloseTo(0.75);
    expect(average.examples).toBe(4);
    const table = formatFiguresTable([
      { name: 'model', figures: one, messagesPerSecond: 1234.4 },
      { name: 'vader', figures: two },
    ]);
    expect(table).toContain('macro_recall');
    expect(table).toContain('1234');
    expect(table).toMatch(/x P\/R\/F1\s+1\.000\/1\.000\/1\.000/);
  });

  it('rejects mismatched lengths', () => {
    expect(() => evaluatePredictions(['a'], [])).toThrow(/1 gold labels but 0/);
  });
});
