/**
 * Which hash buckets a model uses, and the dense row number of each: a bitmap over the bucket
 * space plus the count of set bits before each 32-bit word (a rank index). For 2^18 buckets it
 * takes 64 KB, where an Int32Array from bucket to row takes 1 MB: scoring looks a bucket up for
 * every feature of every message, and a lookup that stays in the core's cache instead of missing
 * it was the difference that mattered (docs/nlp-figures.md).
 */
export class BucketIndex {
  private readonly bits: Uint32Array;
  private readonly ranks: Int32Array;
  readonly size: number;

  /** `buckets` must be distinct and below 2^`bucketBits`; row r is the r-th smallest bucket. */
  constructor(bucketBits: number, buckets: Iterable<number>) {
    const words = Math.max(1, (2 ** bucketBits) >>> 5);
    this.bits = new Uint32Array(words);
    for (const bucket of buckets) {
      this.bits[bucket >>> 5] = (this.bits[bucket >>> 5] as number) | (1 << (bucket & 31));
    }
    this.ranks = new Int32Array(words);
    let total = 0;
    for (let word = 0; word < words; word++) {
      this.ranks[word] = total;
      total += popcount(this.bits[word] as number);
    }
    this.size = total;
  }

  /** The row of `bucket`, or -1 when the bucket is unused. */
  rowOf(bucket: number): number {
    const word = this.bits[bucket >>> 5] as number;
    const bit = 1 << (bucket & 31);
    if ((word & bit) === 0) return -1;
    return (this.ranks[bucket >>> 5] as number) + popcount(word & (bit - 1));
  }
}

function popcount(value: number): number {
  let count = value - ((value >>> 1) & 0x55555555);
  count = (count & 0x33333333) + ((count >>> 2) & 0x33333333);
  count = (count + (count >>> 4)) & 0x0f0f0f0f;
  return Math.imul(count, 0x01010101) >>> 24;
}
