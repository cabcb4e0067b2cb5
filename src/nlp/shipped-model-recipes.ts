import { extractFeatures, type FeatureConfig } from './feature-hashing.js';
import type { HashedLinearModel } from './hashed-linear-model.js';
import { trainSeedLanguageModel } from './language-identifier.js';
import {
  ANGER_WORDS,
  COMPLAINT_SENTENCES,
  NEGATIVE_WORDS,
  NON_COMPLAINT_SENTENCES,
  POSITIVE_WORDS,
} from './seed-lexicons.js';
import { ANGER_LABELS, COMPLAINT_LABELS, SENTIMENT_LABELS } from './tasks.js';
import { isWordToken, NEGATION_PREFIX, tokenise } from './tokeniser.js';
import {
  type InitialWeights,
  type LabelledText,
  type TrainingOptions,
  trainModel,
} from './training.js';

/**
 * How each shipped model is made from permissively licensed data only. Kept apart from the
 * script that reads the files so the recipes can be tested on small made-up data.
 */
const SHIPPED_MODEL_RELEASE = '2026.11.3';
const SHIPPED_MODEL_DATE = '2026-11-01T00:00:00.000Z';

/**
 * Sentiment, anger, complaint and intent share one feature configuration, so the classifier
 * hashes a message once and scores all four in one merged pass. Word unigrams with 4-character
 * prefixes and lexicon hits, without bigrams: bigrams doubled the features scored per message
 * (the largest cost of classify) and, measured on the same splits, dropping them and shortening
 * the prefixes from 5 to 4 raised sentiment, anger and complaint and cost intent 0.005
 * (docs/nlp-figures.md). Character n-grams would cost about four times as many features.
 */
export const MESSAGE_FEATURES: FeatureConfig = {
  bits: 18,
  wordNgramOrder: 1,
  charNgramMin: 0,
  charNgramMax: 0,
  wordPrefixLength: 4,
  sentimentLexicon: true,
};

/** Cut-offs on the VADER mean rating (-4..4) for the shipped sentiment model; see the model card. */
const SHIPPED_SENTIMENT_NEGATIVE_BELOW = -0.3;
const SHIPPED_SENTIMENT_POSITIVE_ABOVE = 0.3;

export interface RatedText {
  text: string;
  rating: number;
}

const BASE_OPTIONS: Partial<TrainingOptions> = { seed: 1, classWeighting: 'balanced' };

/** A rated lexicon entry, e.g. a line of VADER's `vader_lexicon.txt` (rating -4..4). */
export interface RatedWord {
  word: string;
  rating: number;
}

/** Parses `vader_lexicon.txt`: tab-separated token, mean rating, standard deviation, ratings. */
export function parseVaderLexicon(text: string): RatedWord[] {
  const entries: RatedWord[] = [];
  for (const line of text.split('\n')) {
    const [word, rating] = line.split('\t');
    if (!word || rating === undefined) continue;
    const value = Number(rating);
    if (!Number.isFinite(value)) throw new Error(`vader lexicon: bad rating on line "${line}"`);
    entries.push({ word, rating: value });
  }
  return entries;
}

export interface LexiconPriorSettings {
  /** Starting weight per rating point: positive c·r, negative -c·r. */
  scale: number;
  /** Neutral starting weight -c·neutral·|r|: a rated word, either way, is evidence against neutral. */
  neutral: number;
}

/**
 * The prior with the best macro recall in 5-fold cross-validation on the VADER tweets (mean over
 * fold seeds 1-5), not on TweetEval; see the model card and docs/nlp-figures.md, section 2.
 */
const SHIPPED_SENTIMENT_PRIOR: LexiconPriorSettings = { scale: 0.4, neutral: 0.5 };
/** VADER's own factor for a negated word (its N_SCALAR): "not good" counts -0.74 times "good". */
const VADER_NEGATION_FACTOR = 0.74;

const NO_ROW = -1;

/**
 * Starting weights for the sentiment model's word-unigram features from a rated lexicon: each
 * one-word entry sets the row of its unigram, and of its negated form (`NEG_word`, the rating
 * times -0.74) when the training examples contain that form. Entries that tokenise to anything
 * but one word (emoticons, phrases, elongated spellings) are skipped; a later entry on the same
 * bucket overwrites an earlier one. Apply after the examples' rows exist (trainModel does).
 */
export function lexiconPrior(
  lexicon: readonly RatedWord[],
  features: FeatureConfig,
  settings: LexiconPriorSettings,
  source: string,
): InitialWeights {
  const unigrams: FeatureConfig = {
    bits: features.bits,
    wordNgramOrder: 1,
    charNgramMin: 0,
    charNgramMax: 0,
  };
  const bucketOf = (token: string): number =>
    extractFeatures([token], unigrams).buckets[0] as number;
  const rows: Array<{ bucket: number; rating: number; negated: boolean }> = [];
  for (const { word, rating } of lexicon) {
    const tokens = tokenise(word);
    const token = tokens[0];
    if (tokens.length !== 1 || token === undefined || !isWordToken(token)) continue;
    rows.push({ bucket: bucketOf(token), rating, negated: false });
    rows.push({
      bucket: bucketOf(NEGATION_PREFIX + token),
      rating: -VADER_NEGATION_FACTOR * rating,
      negated: true,
    });
  }
  const { scale, neutral } = settings;
  return {
    description:
      `${source}: ${rows.length / 2} one-word entries as starting unigram weights, ` +
      `scale ${scale}, neutral ${neutral}, negated ${-VADER_NEGATION_FACTOR}`,
    apply(model) {
      const negative = model.labels.indexOf('negative');
      const neutralLabel = model.labels.indexOf('neutral');
      const positive = model.labels.indexOf('positive');
      if (negative < 0 || neutralLabel < 0 || positive < 0) {
        throw new Error('a lexicon prior needs the labels negative, neutral and positive');
      }
      for (const { bucket, rating, negated } of rows) {
        // A negated form the examples never show gets no row: nearly all are never used, and
        // each row costs classify memory (docs/nlp-figures.md, section 2).
        if (negated && model.rowOfBucket[bucket] === NO_ROW) continue;
        const base = model.ensureRow(bucket) * model.labelCount;
        model.weights[base + negative] = -scale * rating;
        model.weights[base + neutralLabel] = -scale * neutral * Math.abs(rating);
        model.weights[base + positive] = scale * rating;
      }
    },
  };
}

/**
 * The shipped sentiment model: the VADER tweets labelled by the cut-offs, starting from the VADER
 * lexicon prior when `lexicon` is given (the training script reads it from the `vader-sentiment`
 * dev dependency; the runtime never does).
 */
export function trainShippedSentiment(
  vaderTweets: readonly RatedText[],
  lexicon?: readonly RatedWord[],
  prior: LexiconPriorSettings = SHIPPED_SENTIMENT_PRIOR,
): HashedLinearModel {
  const examples: LabelledText[] = vaderTweets.map(({ text, rating }) => ({
    text,
    label:
      rating < SHIPPED_SENTIMENT_NEGATIVE_BELOW
        ? 'negative'
        : rating > SHIPPED_SENTIMENT_POSITIVE_ABOVE
          ? 'positive'
          : 'neutral',
  }));
  const initialWeights = lexicon
    ? lexiconPrior(lexicon, MESSAGE_FEATURES, prior, 'VADER lexicon (vader-sentiment)')
    : undefined;
  return trainModel(
    examples,
    {
      task: 'sentiment',
      createdAt: SHIPPED_MODEL_DATE,
      version: `sentiment-${SHIPPED_MODEL_RELEASE}`,
      features: MESSAGE_FEATURES,
      labels: [...SENTIMENT_LABELS],
      trainingData:
        'VADER tweets (Hutto and Gilbert 2014, 4,200 tweets, MIT) with mean rating < -0.3 ' +
        'negative, > 0.3 positive, else neutral; plus the Hearken seed sentiment lexicon ' +
        '(src/nlp/seed-lexicons.ts, project licence) as lexicon features' +
        (lexicon
          ? '; word weights start from the VADER lexicon ratings (vader_lexicon.txt, MIT; ' +
            'read from the Apache-2.0 vader-sentiment npm port at training time).'
          : '.'),
    },
    {
      ...BASE_OPTIONS,
      epochs: 10,
      learningRate: 0.05,
      l2: 1e-5,
      ...(initialWeights ? { initialWeights } : {}),
    },
  );
}

const ANGER_SET = new Set(ANGER_WORDS);
/** Cut-offs chosen on TweetEval emotion train (never on val, which reports the figure). */
const ANGER_ALWAYS = -1;
const ANGER_WITH_WORD = -0.5;

/**
 * Weak anger labels: a VADER tweet rated <= -1, or <= -0.5 with a word of the seed anger
 * lexicon. Everything else is 'other'. This is closer to "strongly negative" than to anger
 * proper; the model card says so.
 */
function weakAngerLabel({ text, rating }: RatedText): string {
  if (rating <= ANGER_ALWAYS) return 'anger';
  if (rating > ANGER_WITH_WORD) return 'other';
  const angry = tokenise(text).some((token) => ANGER_SET.has(token.replace(/^NEG_/, '')));
  return angry ? 'anger' : 'other';
}

export function trainShippedAnger(vaderTweets: readonly RatedText[]): HashedLinearModel {
  const examples: LabelledText[] = vaderTweets.map((tweet) => ({
    text: tweet.text,
    label: weakAngerLabel(tweet),
  }));
  for (const word of ANGER_WORDS) examples.push({ text: word, label: 'anger' });
  return trainModel(
    examples,
    {
      task: 'anger',
      createdAt: SHIPPED_MODEL_DATE,
      version: `anger-${SHIPPED_MODEL_RELEASE}`,
      features: MESSAGE_FEATURES,
      labels: [...ANGER_LABELS],
      trainingData:
        'Weak labels on the VADER tweets (MIT): anger when rating <= -1, or rating <= -0.5 with ' +
        'a word of the Hearken seed anger lexicon; other otherwise; plus the anger lexicon words ' +
        'as one-word examples (src/nlp/seed-lexicons.ts, project licence).',
    },
    { ...BASE_OPTIONS, epochs: 10, learningRate: 0.05, l2: 1e-5 },
  );
}

/** BANKING77 intents in which the customer reports something that went wrong. */
const BANKING77_PROBLEM_INTENTS = new Set([
  'card_arrival',
  'card_not_working',
  'lost_or_stolen_card',
  'pin_blocked',
  'contactless_not_working',
  'pending_top_up',
  'wrong_amount_of_cash_received',
  'card_payment_fee_charged',
  'transfer_not_received_by_recipient',
  'top_up_reverted',
  'balance_not_updated_after_cheque_or_cash_deposit',
  'card_payment_not_recognised',
  'unable_to_verify_identity',
  'compromised_card',
  'direct_debit_payment_not_recognised',
  'declined_cash_withdrawal',
  'pending_card_payment',
  'lost_or_stolen_phone',
  'request_refund',
  'declined_transfer',
  'Refund_not_showing_up',
  'declined_card_payment',
  'pending_transfer',
  'card_swallowed',
  'transaction_charged_twice',
  'reverted_card_payment?',
  'failed_transfer',
  'virtual_card_not_working',
  'wrong_exchange_rate_for_cash_withdrawal',
  'top_up_failed',
  'balance_not_updated_after_bank_transfer',
  'cash_withdrawal_not_recognised',
  'extra_charge_on_statement',
  'card_payment_wrong_exchange_rate',
  'pending_cash_withdrawal',
]);

/** VADER tweets rated at or below this count as needing attention (chosen by measurement). */
const COMPLAINT_NEGATIVE_RATING = -0.5;

/**
 * Complaint ("needs attention") from weak labels: BANKING77 queries in problem intents and the
 * seed complaint sentences are complaints, and so are negative VADER tweets (rating <= -0.5): in
 * an inbox of messages to an organisation, a clearly unhappy message needs someone's attention.
 * BANKING77 how-to queries, VADER tweets rated >= 0 and the seed non-complaint sentences are not;
 * the mildly negative tweets in between are left out.
 */
function complaintExamples(
  banking: readonly LabelledText[],
  vaderTweets: readonly RatedText[],
): LabelledText[] {
  const examples: LabelledText[] = banking.map(({ text, label }) => ({
    text,
    label: BANKING77_PROBLEM_INTENTS.has(label) ? 'complaint' : 'other',
  }));
  for (const { text, rating } of vaderTweets) {
    if (rating >= 0) examples.push({ text, label: 'other' });
    else if (rating <= COMPLAINT_NEGATIVE_RATING) {
      examples.push({ text, label: 'complaint' });
    }
  }
  for (const text of COMPLAINT_SENTENCES) examples.push({ text, label: 'complaint' });
  for (const text of NON_COMPLAINT_SENTENCES) examples.push({ text, label: 'other' });
  for (const word of NEGATIVE_WORDS) examples.push({ text: word, label: 'complaint' });
  for (const word of POSITIVE_WORDS) examples.push({ text: word, label: 'other' });
  return examples;
}

export function trainShippedComplaint(
  banking: readonly LabelledText[],
  vaderTweets: readonly RatedText[],
): HashedLinearModel {
  return trainModel(
    complaintExamples(banking, vaderTweets),
    {
      task: 'complaint',
      createdAt: SHIPPED_MODEL_DATE,
      version: `complaint-${SHIPPED_MODEL_RELEASE}`,
      features: MESSAGE_FEATURES,
      labels: [...COMPLAINT_LABELS],
      trainingData:
        'Weak labels: BANKING77 train (CC BY 4.0) problem intents = complaint, other intents = ' +
        'other; VADER tweets (MIT) rated <= -0.5 = complaint, >= 0 = other; Hearken seed ' +
        'complaint and non-complaint sentences and sentiment lexicon (project licence).',
    },
    { ...BASE_OPTIONS, epochs: 10, learningRate: 0.05, l2: 1e-5 },
  );
}

/**
 * Intent weights within this distance of their row's median (which softmax ignores) are dropped
 * when the shipped intent model is scored; recorded in its file (`sparseWeightFloor`). Each kept
 * weight is one add per feature per message, the largest cost of classify. For this recipe the
 * held-out BANKING77 accuracy is flat from 0.3 to 1.2 (0.865-0.868) and falls beyond (1.5:
 * 0.855); 0.9 reads 40% fewer weights than 0.3 (docs/nlp-figures.md, section 4). Models trained
 * by `hearken train` record no floor and keep all their weights.
 */
const SHIPPED_INTENT_WEIGHT_FLOOR = 0.9;

export function trainShippedIntent(banking: readonly LabelledText[]): HashedLinearModel {
  return trainModel(
    banking,
    {
      task: 'intent',
      createdAt: SHIPPED_MODEL_DATE,
      version: `intent-${SHIPPED_MODEL_RELEASE}`,
      features: MESSAGE_FEATURES,
      sparseWeightFloor: SHIPPED_INTENT_WEIGHT_FLOOR,
      trainingData: 'BANKING77 train split (PolyAI, 10,003 queries, 77 intents, CC BY 4.0).',
    },
    { ...BASE_OPTIONS, epochs: 10, learningRate: 0.2, l2: 1e-5 },
  );
}

export function trainShippedLanguage(): HashedLinearModel {
  return trainSeedLanguageModel(`language-${SHIPPED_MODEL_RELEASE}`, SHIPPED_MODEL_DATE);
}
