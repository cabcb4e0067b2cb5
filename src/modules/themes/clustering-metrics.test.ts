import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, normalisedMutualInformation } from './clustering-metrics.js';

describe('clustering agreement', () => {
  it('is 1 for the same partition under other names', () => {
    const truth = ['a', 'a', 'b', 'b', 'c', 'c'];
    const predicted = [3, 3, 1, 1, 2, 2];
    expect(normalisedMutualInformation(predicted, truth)).toBeCloseTo(1, 10);
    expect(adjustedRandIndex(predicted, truth)).toBeCloseTo(1, 10);
  });

  it('matches scikit-learn on a small example', () => {
    // sklearn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8, adjusted_rand_score = 0.5714
    expect(normalisedMutualInformation([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.8, 4);
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714, 4);
  });
});
