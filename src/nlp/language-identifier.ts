import { SeededRandom } from '../platform/seeded-random.js';
import { BucketIndex } from './bucket-index.js';
import { expNonPositive } from './fast-exp.js';
import { extractFeatures, type FeatureConfig, FeatureVector } from './feature-hashing.js';
import type { HashedLinearModel, LabelScore } from './hashed-linear-model.js';
import {
  ACCENT_LANGUAGES,
  accentMarker,
  MARKER_FILTER,
  MARKER_INDEX,
  MARKER_LANGUAGES,
  MARKERS,
} from './language-markers.js';
import { LANGUAGE_SEED_WORDS } from './language-seed-words.js';
import { ScannedMessage, scanMessage } from './message-scanner.js';
import { dominantScriptOf, extractScannedFeatures } from './scanned-features.js';
import { type Script, ScriptCounts } from './script-counts.js';
import { UNKNOWN_LANGUAGE } from './tasks.js';
import { isWordToken, NEGATION_PREFIX } from './tokeniser.js';
import { type LabelledText, type TrainingOptions, trainModel } from './training.js';

/**
 * 2^16 buckets keep the whole model (~0.6 MB with its index) in a core's L2 cache; character
 * 2-4-grams beat 1-3, 2-3, 2-5 and 3-4 on UMSAB and are among the cheapest
 * (docs/nlp-figures.md).
 */
export const LANGUAGE_FEATURES: FeatureConfig = {
  bits: 16,
  wordNgramOrder: 1,
  charNgramMin: 2,
  charNgramMax: 4,
};

export type { Script };

/**
 * The dominant script of the word tokens (placeholders such as `<user>` are already gone, so an
 * Arabic retweet's "RT @user" does not count as Latin text).
 */
export function dominantScript(tokens: readonly string[]): Script {
  const counts = new ScriptCounts();
  for (const token of tokens) {
    if (!isWordToken(token)) continue;
    const start = token.startsWith(NEGATION_PREFIX) ? NEGATION_PREFIX.length : 0;
    for (let index = start; index < token.length; index++) counts.add(token.charCodeAt(index));
  }
  return counts.dominant();
}

/** Tokens scored between two early-exit checks. */
const CHUNK_TOKENS = 4;
/**
 * Leads (in logits) at which the identifier stops reading: after the whole words, then after each
 * chunk of character n-grams. Chosen on UMSAB val: 2 / 6 gives 0.9375 against 0.9387 reading
 * everything, with 41 instead of 229 features per tweet (docs/nlp-figures.md, section 5).
 */
const DEFAULT_EARLY_EXIT_MARGIN = 6;
const DEFAULT_WORDS_MARGIN = 2;

export interface LanguageIdentifierOptions {
  /** Below this probability the answer is 'unknown'. */
  minimumConfidence?: number;
  /** Stop reading a message once the best language leads by this much (logits); Infinity: never. */
  earlyExitMargin?: number;
  /** Decide from whole words alone when the best language leads by this much; Infinity: never. */
  wordsMargin?: number;
  /** Let marker words overrule the model (default true); false gives the n-gram model alone. */
  markerWords?: boolean;
}

/**
 * Language identification: the script decides Arabic and Devanagari (Hindi) outright; Latin-script
 * text goes to a character n-gram linear model. Text without letters, or in another script, is
 * 'unknown'.
 */
export class LanguageIdentifier {
  private readonly vector = new FeatureVector();
  private readonly scan = new ScannedMessage();
  private readonly minimumConfidence: number;
  private readonly earlyExitMargin: number;
  private readonly wordsMargin: number;
  /** Every bucket's weights in 16-bit fixed point, 8 per bucket (see `denseTable`). */
  private readonly index: BucketIndex;
  private readonly table: Int16Array;
  private readonly tableScale: number;
  private readonly wordFeatures: FeatureConfig;
  private readonly characterFeatures: FeatureConfig;
  private readonly sums: Float64Array;
  private readonly logits: Float64Array;
  /** Per marker word (by its index in MARKERS), the model label it stands for, or -1. */
  private readonly markerLabels: Int8Array;
  private readonly markerCounts: Int32Array;
  private readonly accentLabels: Int8Array;
  private readonly useMarkers: boolean;

  constructor(
    readonly model: HashedLinearModel,
    options: LanguageIdentifierOptions = {},
  ) {
    this.minimumConfidence = options.minimumConfidence ?? 0.2;
    this.earlyExitMargin = options.earlyExitMargin ?? DEFAULT_EARLY_EXIT_MARGIN;
    this.wordsMargin = options.wordsMargin ?? DEFAULT_WORDS_MARGIN;
    this.useMarkers = options.markerWords ?? true;
    this.sums = new Float64Array(TABLE_STRIDE);
    this.index = new BucketIndex(model.metadata.features.bits, model.populatedBuckets());
    this.table = compactTable(model);
    this.tableScale = largestWeight(model) / 32767;
    // Words, then character n-grams: together exactly the model's features.
    this.wordFeatures = { ...model.metadata.features, charNgramMax: 0 };
    const { bits, charNgramMin, charNgramMax } = model.metadata.features;
    this.characterFeatures = { bits, wordNgramOrder: 0, charNgramMin, charNgramMax };
    this.logits = new Float64Array(model.labelCount);
    this.markerLabels = Int8Array.from(MARKER_LANGUAGES, (language) =>
      model.labels.indexOf(language),
    );
    this.markerCounts = new Int32Array(model.labelCount);
    this.accentLabels = Int8Array.from(ACCENT_LANGUAGES, (language) =>
      model.labels.indexOf(language),
    );
  }

  get version(): string {
    return this.model.version;
  }

  /** The classifier's path: the single-pass scanner, then `identifyScanned`. */
  identify(text: string): LabelScore {
    return this.identifyScanned(scanMessage(text, this.scan));
  }

  identifyTokens(tokens: readonly string[]): LabelScore {
    const script = dominantScript(tokens);
    if (script === 'arabic') return { label: 'arabic', score: 1 };
    if (script === 'devanagari') return { label: 'hindi', score: 1 };
    if (script !== 'latin') return { label: UNKNOWN_LANGUAGE, score: 1 };
    extractFeatures(tokens, this.model.metadata.features, this.vector);
    const answer = this.scoreLatin();
    if (!this.useMarkers) return answer;
    this.markerCounts.fill(0);
    for (const token of tokens) {
      const word = token.startsWith(NEGATION_PREFIX) ? token.slice(NEGATION_PREFIX.length) : token;
      const marker = MARKER_INDEX.get(word);
      if (marker !== undefined) this.countMarker(marker);
      else if (isWordToken(token)) {
        const codes = Uint16Array.from(word, (character) => character.charCodeAt(0));
        this.countLetterMarker(accentMarker(codes, 0, codes.length));
      }
    }
    return this.withMarkers(answer);
  }

  /** The same decision for a message the classifier has already scanned. */
  identifyScanned(scan: ScannedMessage): LabelScore {
    const script = dominantScriptOf(scan);
    if (script === 'arabic') return { label: 'arabic', score: 1 };
    if (script === 'devanagari') return { label: 'hindi', score: 1 };
    if (script !== 'latin') return { label: UNKNOWN_LANGUAGE, score: 1 };
    const answer = this.scoreInChunks(scan);
    if (!this.useMarkers) return answer;
    return this.countScannedMarkers(scan) === 0 ? answer : this.withMarkers(answer);
  }

  /** Counts the message's marker words and letters per label; returns how many it found. */
  private countScannedMarkers(scan: ScannedMessage): number {
    const counts = this.markerCounts;
    const markerLabels = this.markerLabels;
    const { starts, ends, plainHashes, chars } = scan;
    // Accented letters only when the message has any letter from U+00DF up: most have none.
    let accented = false;
    for (let position = 0; position < scan.charCount; position++) {
      if ((chars[position] as number) >= 0xdf) {
        accented = true;
        break;
      }
    }
    let found = 0;
    for (let token = 0; token < scan.count; token++) {
      const start = starts[token] as number;
      if (start < 0) continue;
      const hash = plainHashes[token] as number;
      // A 16K-bit filter on the hash turns away most words before the table lookup.
      const bit = hash >>> 18;
      let language = -1;
      if ((MARKER_FILTER[bit >>> 5] as number) & (1 << (bit & 31))) {
        const marker = MARKERS.lookup(hash, chars, start, ends[token] as number);
        if (marker >= 0) language = markerLabels[marker] as number;
      }
      if (language < 0 && accented) {
        const letter = accentMarker(chars, start, ends[token] as number);
        if (letter >= 0) language = this.accentLabels[letter] as number;
      }
      if (language < 0) continue;
      if (found === 0) counts.fill(0);
      counts[language] = (counts[language] as number) + 1;
      found++;
    }
    return found;
  }

  private countLetterMarker(language: number): void {
    if (language < 0) return;
    const label = this.accentLabels[language] as number;
    if (label >= 0) this.markerCounts[label] = (this.markerCounts[label] as number) + 1;
  }

  private countMarker(marker: number): void {
    const label = this.markerLabels[marker] as number;
    if (label >= 0) this.markerCounts[label] = (this.markerCounts[label] as number) + 1;
  }

  /**
   * Marker words (language-seed-words.ts) overrule the model when its answer has none of its own:
   * "mujhe pasand hai" inside an English sentence makes the tweet Hindi, whatever the
   * English words around it say. Ties keep the model's answer.
   */
  private withMarkers(answer: LabelScore): LabelScore {
    const counts = this.markerCounts;
    const labels = this.model.labels;
    const current = labels.indexOf(answer.label);
    if (current >= 0 && (counts[current] as number) > 0) return answer;
    let best = -1;
    let most = 0;
    let tied = false;
    for (let label = 0; label < counts.length; label++) {
      const count = counts[label] as number;
      if (count > most) {
        most = count;
        best = label;
        tied = false;
      } else if (count === most && count > 0) tied = true;
    }
    if (best < 0 || tied) return answer;
    return { label: labels[best] as string, score: answer.score };
  }

  /**
   * Scores the message a few tokens at a time and stops once one language leads by
   * `earlyExitMargin` in logits: most tweets are decided by their first words, and the character
   * n-grams of the rest would cost several times more (docs/nlp-figures.md).
   */
  private scoreInChunks(scan: ScannedMessage): LabelScore {
    const config = this.model.metadata.features;
    this.sums.fill(0);
    // Whole words first: a handful of features, and enough for most tweets.
    let features = this.addFeatures(scan, this.wordFeatures, 0, scan.count);
    const rest = this.characterFeatures;
    if (config.charNgramMax > 0 && !(features > 0 && this.margin(features) >= this.wordsMargin)) {
      for (let from = 0; from < scan.count; from += CHUNK_TOKENS) {
        const to = Math.min(scan.count, from + CHUNK_TOKENS);
        features += this.addFeatures(scan, rest, from, to);
        if (to < scan.count && features > 0 && this.margin(features) >= this.earlyExitMargin) break;
      }
    }
    if (features === 0) return { label: UNKNOWN_LANGUAGE, score: 0 };
    this.margin(features);
    const model = this.model;
    const labelCount = model.labelCount;
    const logits = this.logits;
    let maximum = Number.NEGATIVE_INFINITY;
    let best = 0;
    for (let label = 0; label < labelCount; label++) {
      if ((logits[label] as number) > maximum) {
        maximum = logits[label] as number;
        best = label;
      }
    }
    let total = 0;
    for (let label = 0; label < labelCount; label++) {
      total += expNonPositive((logits[label] as number) - maximum);
    }
    const score = 1 / total;
    if (score < this.minimumConfidence) return { label: UNKNOWN_LANGUAGE, score };
    return { label: model.labels[best] as string, score };
  }

  private addFeatures(scan: ScannedMessage, config: FeatureConfig, from: number, to: number) {
    const table = this.table;
    const bucketIndex = this.index;
    const sums = this.sums;
    const vector = extractScannedFeatures(scan, config, this.vector, from, to);
    const buckets = vector.buckets;
    for (let index = 0; index < vector.count; index++) {
      const row = bucketIndex.rowOf(buckets[index] as number);
      if (row < 0) continue;
      const base = row * TABLE_STRIDE;
      for (let label = 0; label < TABLE_STRIDE; label++) {
        sums[label] = (sums[label] as number) + (table[base + label] as number);
      }
    }
    return vector.count;
  }

  /** Fills `logits` from the sums so far and returns the lead of the best label over the next. */
  private margin(features: number): number {
    const scale = this.tableScale / Math.sqrt(features);
    const bias = this.model.bias;
    let first = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    for (let label = 0; label < this.model.labelCount; label++) {
      const logit = (this.sums[label] as number) * scale + (bias[label] as number);
      this.logits[label] = logit;
      if (logit > first) {
        second = first;
        first = logit;
      } else if (logit > second) second = logit;
    }
    return first - second;
  }

  private scoreLatin(): LabelScore {
    const best = this.model.bestLabel(this.vector);
    if (best.score < this.minimumConfidence) return { label: UNKNOWN_LANGUAGE, score: best.score };
    return best;
  }
}

const TABLE_STRIDE = 8;

function largestWeight(model: HashedLinearModel): number {
  let largest = 1e-9;
  for (let index = 0; index < model.rowCount * model.labelCount; index++) {
    largest = Math.max(largest, Math.abs(model.weights[index] as number));
  }
  return largest;
}

/**
 * The model's rows in 16-bit fixed point, 8 per row, in bucket order (the rows of a BucketIndex):
 * 12,000 rows take 190 KB and the index 16 KB, so scoring stays in the core's cache; the model's
 * own bucket-to-row array alone is 256 KB. 16 bits are far finer than the file's int8 weights.
 */
function compactTable(model: HashedLinearModel): Int16Array {
  if (model.labelCount > TABLE_STRIDE) {
    throw new Error(`a language model has at most ${TABLE_STRIDE} labels`);
  }
  const scale = 32767 / largestWeight(model);
  const buckets = model.populatedBuckets();
  const table = new Int16Array(buckets.length * TABLE_STRIDE);
  buckets.forEach((bucket, rank) => {
    const row = model.rowOfBucket[bucket] as number;
    for (let label = 0; label < model.labelCount; label++) {
      const weight = model.weights[row * model.labelCount + label] as number;
      table[rank * TABLE_STRIDE + label] = Math.round(weight * scale);
    }
  });
  return table;
}

/** Language names that the seed vocabulary covers (Arabic is decided by script alone). */
const SEEDED_LANGUAGES = Object.keys(LANGUAGE_SEED_WORDS).sort();

/**
 * Synthetic training sentences: random runs of 1..12 words from one language's seed list. Short
 * runs teach the model to decide from two or three words, as in a short tweet.
 */
function synthesiseLanguageExamples(sentencesPerLanguage: number, seed: number): LabelledText[] {
  const random = new SeededRandom(seed);
  const examples: LabelledText[] = [];
  for (const language of SEEDED_LANGUAGES) {
    const words = (LANGUAGE_SEED_WORDS[language] as string).split(/\s+/).filter(Boolean);
    for (const word of words) examples.push({ text: word, label: language });
    for (let sentence = 0; sentence < sentencesPerLanguage; sentence++) {
      const length = 1 + random.nextInt(12);
      const picked: string[] = [];
      for (let index = 0; index < length; index++) picked.push(random.pick(words));
      examples.push({ text: picked.join(' '), label: language });
    }
  }
  return examples;
}

export function trainSeedLanguageModel(
  version: string,
  createdAt?: string,
  options: Partial<TrainingOptions> = {},
): HashedLinearModel {
  const examples = synthesiseLanguageExamples(4000, options.seed ?? 7);
  return trainModel(
    examples,
    {
      task: 'language',
      version,
      features: LANGUAGE_FEATURES,
      labels: SEEDED_LANGUAGES,
      ...(createdAt ? { createdAt } : {}),
      trainingData:
        'Synthetic sentences sampled from seed word lists written for Hearken ' +
        '(src/nlp/language-seed-words.ts), project licence; Arabic and Devanagari by script rules.',
    },
    { epochs: 5, learningRate: 0.2, l2: 1e-5, seed: 7, ...options },
  );
}
