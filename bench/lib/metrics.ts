/** [predicted, expected] */
export type Pair = [boolean, boolean];

export function precisionRecall(pairs: Pair[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [p, e] of pairs) {
    if (p && e) tp += 1;
    else if (p) fp += 1;
    else if (e) fn += 1;
  }
  return { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}

export function agreement<T>(pairs: Array<[T, T]>): { agree: number; total: number } {
  return { agree: pairs.filter(([a, b]) => a === b).length, total: pairs.length };
}
