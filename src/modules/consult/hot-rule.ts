/**
 * When a concern is HOT (docs/consult.md, shown in the register): it must be answered (or the
 * gate overridden with a recorded reason) before the next ring. Any one part makes it hot.
 */
export const hotRule = {
  /** Raised by at least this share of the ring's responses. */
  volumeShare: 0.1,
  /** At least this share of the people raising it chose "block". */
  blockShare: 0.3,
  /** Mean anger score (the anger classifier, 0..1) of its reasons at least this. */
  meanAnger: 0.6,
  /** At least this share from one segment (with at least `segmentMinimum` people raising it). */
  segmentShare: 0.7,
  segmentMinimum: 5,
  /** Fewer people than this never make a concern hot through shares (one angry voice is not a trend). */
  minimumVolume: 2,
} as const;

export const hotRuleText =
  "A concern is hot when at least one holds: it is raised by 10% or more of the ring's responses; " +
  '30% or more of the people raising it chose "block"; the mean anger of its reasons is 0.6 or ' +
  'more; or 70% or more of it comes from one segment (5 people or more). Concerns raised by ' +
  'fewer than 2 people are hot only when the owner says so. The gate to the next ring is refused ' +
  'while a hot concern is open, unless the owner records an override reason.';

export interface ConcernFigures {
  volume: number;
  ringResponses: number;
  blocks: number;
  meanAnger: number;
  largestSegmentCount: number;
}

export type HotReason = 'volume' | 'block' | 'anger' | 'one_segment';

export function hotReasonsOf(figures: ConcernFigures): HotReason[] {
  if (figures.volume < hotRule.minimumVolume) return [];
  const reasons: HotReason[] = [];
  if (figures.ringResponses > 0 && figures.volume / figures.ringResponses >= hotRule.volumeShare) {
    reasons.push('volume');
  }
  if (figures.blocks / figures.volume >= hotRule.blockShare) reasons.push('block');
  if (figures.meanAnger >= hotRule.meanAnger) reasons.push('anger');
  if (
    figures.volume >= hotRule.segmentMinimum &&
    figures.largestSegmentCount / figures.volume >= hotRule.segmentShare
  ) {
    reasons.push('one_segment');
  }
  return reasons;
}
