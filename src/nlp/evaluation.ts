export interface ClassFigures {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationFigures {
  examples: number;
  accuracy: number;
  macroRecall: number;
  macroF1: number;
  perClass: ClassFigures[];
  /** Confusion counts: confusion[gold][predicted]. */
  confusion: Record<string, Record<string, number>>;
}

/**
 * Accuracy, macro recall, macro F1 and per-class figures. Macro averages run over `labels` (the
 * gold label set), so a class that is never predicted still counts with recall 0.
 */
export function evaluatePredictions(
  gold: readonly string[],
  predicted: readonly string[],
  labels?: readonly string[],
): EvaluationFigures {
  if (gold.length !== predicted.length) {
    throw new Error(`${gold.length} gold labels but ${predicted.length} predictions`);
  }
  const labelSet = labels ? [...labels] : [...new Set(gold)].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const label of labelSet) confusion[label] = {};
  let correct = 0;
  const truePositives = new Map<string, number>();
  const predictedCounts = new Map<string, number>();
  const goldCounts = new Map<string, number>();
  for (let index = 0; index < gold.length; index++) {
    const goldLabel = gold[index] as string;
    const predictedLabel = predicted[index] as string;
    const row = confusion[goldLabel] ?? {};
    confusion[goldLabel] = row;
    row[predictedLabel] = (row[predictedLabel] ?? 0) + 1;
    goldCounts.set(goldLabel, (goldCounts.get(goldLabel) ?? 0) + 1);
    predictedCounts.set(predictedLabel, (predictedCounts.get(predictedLabel) ?? 0) + 1);
    if (goldLabel === predictedLabel) {
      correct++;
      truePositives.set(goldLabel, (truePositives.get(goldLabel) ?? 0) + 1);
    }
  }
  const perClass = labelSet.map((label): ClassFigures => {
    const truePositive = truePositives.get(label) ?? 0;
    const support = goldCounts.get(label) ?? 0;
    const predictedCount = predictedCounts.get(label) ?? 0;
    const precision = predictedCount === 0 ? 0 : truePositive / predictedCount;
    const recall = support === 0 ? 0 : truePositive / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  const mean = (values: number[]): number =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    examples: gold.length,
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroRecall: mean(perClass.map((figures) => figures.recall)),
    macroF1: mean(perClass.map((figures) => figures.f1)),
    perClass,
    confusion,
  };
}

/** Averages figures from cross-validation folds (per-class figures averaged by label). */
export function averageFigures(folds: readonly EvaluationFigures[]): EvaluationFigures {
  if (folds.length === 0) throw new Error('no folds to average');
  const mean = (pick: (figures: EvaluationFigures) => number): number =>
    folds.reduce((sum, figures) => sum + pick(figures), 0) / folds.length;
  const first = folds[0] as EvaluationFigures;
  const perClass = first.perClass.map((classFigures, index): ClassFigures => {
    const matching = folds.map((figures) => figures.perClass[index] as ClassFigures);
    const average = (pick: (figures: ClassFigures) => number): number =>
      matching.reduce((sum, figures) => sum + pick(figures), 0) / matching.length;
    return {
      label: classFigures.label,
      precision: average((figures) => figures.precision),
      recall: average((figures) => figures.recall),
      f1: average((figures) => figures.f1),
      support: matching.reduce((sum, figures) => sum + figures.support, 0),
    };
  });
  const confusion: Record<string, Record<string, number>> = {};
  for (const figures of folds) {
    for (const [goldLabel, row] of Object.entries(figures.confusion)) {
      const target = confusion[goldLabel] ?? {};
      confusion[goldLabel] = target;
      for (const [predictedLabel, count] of Object.entries(row)) {
        target[predictedLabel] = (target[predictedLabel] ?? 0) + count;
      }
    }
  }
  return {
    examples: folds.reduce((sum, figures) => sum + figures.examples, 0),
    accuracy: mean((figures) => figures.accuracy),
    macroRecall: mean((figures) => figures.macroRecall),
    macroF1: mean((figures) => figures.macroF1),
    perClass,
    confusion,
  };
}

function formatNumber(value: number): string {
  return value.toFixed(3);
}

/** A plain-text table of figures for the terminal; several systems side by side. */
export function formatFiguresTable(
  systems: ReadonlyArray<{ name: string; figures: EvaluationFigures; messagesPerSecond?: number }>,
): string {
  const lines: string[] = [];
  const nameWidth = Math.max(14, ...systems.map((system) => system.name.length + 2));
  const header = ['', ...systems.map((system) => system.name)];
  lines.push(header.map((cell, index) => cell.padEnd(index === 0 ? 22 : nameWidth)).join(''));
  const row = (name: string, values: string[]): void => {
    lines.push([name.padEnd(22), ...values.map((value) => value.padEnd(nameWidth))].join(''));
  };
  row(
    'examples',
    systems.map((system) => String(system.figures.examples)),
  );
  row(
    'accuracy',
    systems.map((system) => formatNumber(system.figures.accuracy)),
  );
  row(
    'macro_recall',
    systems.map((system) => formatNumber(system.figures.macroRecall)),
  );
  row(
    'macro_f1',
    systems.map((system) => formatNumber(system.figures.macroF1)),
  );
  row(
    'msgs_per_s',
    systems.map((system) =>
      system.messagesPerSecond === undefined ? '-' : String(Math.round(system.messagesPerSecond)),
    ),
  );
  const labels = systems[0]?.figures.perClass.map((figures) => figures.label) ?? [];
  for (const label of labels) {
    row(
      `${label} P/R/F1`.slice(0, 21),
      systems.map((system) => {
        const figures = system.figures.perClass.find((candidate) => candidate.label === label);
        if (!figures) return '-';
        return [figures.precision, figures.recall, figures.f1].map(formatNumber).join('/');
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}
