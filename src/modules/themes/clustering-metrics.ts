/**
 * Agreement between a clustering and reference labels, for the themes evaluation: normalised
 * mutual information (arithmetic-mean normalisation, as scikit-learn's default) and the adjusted
 * Rand index (Hubert and Arabie). Both take one label per item; the label values are opaque.
 */
function contingency<A, B>(predicted: readonly A[], truth: readonly B[]) {
  if (predicted.length !== truth.length) throw new Error('label lists differ in length');
  const table = new Map<A, Map<B, number>>();
  const rows = new Map<A, number>();
  const columns = new Map<B, number>();
  for (let index = 0; index < predicted.length; index++) {
    const p = predicted[index] as A;
    const t = truth[index] as B;
    const row = table.get(p) ?? new Map<B, number>();
    row.set(t, (row.get(t) ?? 0) + 1);
    table.set(p, row);
    rows.set(p, (rows.get(p) ?? 0) + 1);
    columns.set(t, (columns.get(t) ?? 0) + 1);
  }
  return { table, rows, columns, total: predicted.length };
}

function entropy(counts: Iterable<number>, total: number): number {
  let result = 0;
  for (const count of counts) {
    if (count > 0) result -= (count / total) * Math.log(count / total);
  }
  return result;
}

export function normalisedMutualInformation<A, B>(
  predicted: readonly A[],
  truth: readonly B[],
): number {
  const { table, rows, columns, total } = contingency(predicted, truth);
  let mutual = 0;
  for (const [p, row] of table) {
    for (const [t, count] of row) {
      const rowCount = rows.get(p) as number;
      const columnCount = columns.get(t) as number;
      mutual += (count / total) * Math.log((count * total) / (rowCount * columnCount));
    }
  }
  const mean = (entropy(rows.values(), total) + entropy(columns.values(), total)) / 2;
  return mean === 0 ? 1 : mutual / mean;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

export function adjustedRandIndex<A, B>(predicted: readonly A[], truth: readonly B[]): number {
  const { table, rows, columns, total } = contingency(predicted, truth);
  let index = 0;
  for (const row of table.values()) for (const count of row.values()) index += pairs(count);
  let rowPairs = 0;
  for (const count of rows.values()) rowPairs += pairs(count);
  let columnPairs = 0;
  for (const count of columns.values()) columnPairs += pairs(count);
  const expected = (rowPairs * columnPairs) / pairs(total);
  const maximum = (rowPairs + columnPairs) / 2;
  return maximum === expected ? 1 : (index - expected) / (maximum - expected);
}
