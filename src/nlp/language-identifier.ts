import { extractFeatures, type FeatureConfig, FeatureVector } from './feature-hashing.js';
import type { HashedLinearModel, LabelScore } from './hashed-linear-model.js';
import { LANGUAGE_SEED_WORDS } from './language-seed-words.js';
import { SeededRandom } from './seeded-random.js';
import { UNKNOWN_LANGUAGE } from './tasks.js';
import { isWordToken, NEGATION_PREFIX, tokenise } from './tokeniser.js';
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

export type Script = 'arabic' | 'devanagari' | 'latin' | 'other' | 'none';

/**
 * The dominant script of the word tokens (placeholders such as `<user>` are already gone, so an
 * Arabic retweet's "RT @user" does not count as Latin text).
 */
export function dominantScript(tokens: readonly string[]): Script {
  let latin = 0;
  let arabic = 0;
  let devanagari = 0;
  let other = 0;
  for (const token of tokens) {
    if (!isWordToken(token)) continue;
    const start = token.startsWith(NEGATION_PREFIX) ? NEGATION_PREFIX.length : 0;
    for (let index = start; index < token.length; index++) {
      const code = token.charCodeAt(index);
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f)) latin++;
      else if (
        (code >= 0x600 && code <= 0x6ff) ||
        (code >= 0x750 && code <= 0x77f) ||
        (code >= 0x8a0 && code <= 0x8ff) ||
        (code >= 0xfb50 && code <= 0xfdff) ||
        (code >= 0xfe70 && code <= 0xfeff)
      )
        arabic++;
      else if (code >= 0x900 && code <= 0x97f) devanagari++;
      else if (code > 0x24f && !(code >= 0x300 && code <= 0x36f)) other++;
    }
  }
  const largest = Math.max(latin, arabic, devanagari, other);
  if (largest === 0) return 'none';
  if (arabic === largest) return 'arabic';
  if (devanagari === largest) return 'devanagari';
  if (latin === largest) return 'latin';
  return 'other';
}

export interface LanguageIdentifierOptions {
  /** Below this probability the answer is 'unknown'. */
  minimumConfidence?: number;
}

/**
 * Language identification: the script decides Arabic and Devanagari (Hindi) outright; Latin-script
 * text goes to a character n-gram linear model. Text without letters, or in another script, is
 * 'unknown'.
 */
export class LanguageIdentifier {
  private readonly vector = new FeatureVector();
  private readonly minimumConfidence: number;

  constructor(
    readonly model: HashedLinearModel,
    options: LanguageIdentifierOptions = {},
  ) {
    this.minimumConfidence = options.minimumConfidence ?? 0.2;
  }

  get version(): string {
    return this.model.version;
  }

  identify(text: string): LabelScore {
    return this.identifyTokens(tokenise(text));
  }

  identifyTokens(tokens: readonly string[]): LabelScore {
    const script = dominantScript(tokens);
    if (script === 'arabic') return { label: 'arabic', score: 1 };
    if (script === 'devanagari') return { label: 'hindi', score: 1 };
    if (script !== 'latin') return { label: UNKNOWN_LANGUAGE, score: 1 };
    extractFeatures(tokens, this.model.metadata.features, this.vector);
    const best = this.model.bestLabel(this.vector);
    if (best.score < this.minimumConfidence) return { label: UNKNOWN_LANGUAGE, score: best.score };
    return best;
  }
}

/** Language names that the seed vocabulary covers (Arabic is decided by script alone). */
export const SEEDED_LANGUAGES = Object.keys(LANGUAGE_SEED_WORDS).sort();

/**
 * Synthetic training sentences: random runs of 1..12 words from one language's seed list. Short
 * runs teach the model to decide from two or three words, as in a short tweet.
 */
export function synthesiseLanguageExamples(
  sentencesPerLanguage: number,
  seed: number,
): LabelledText[] {
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
