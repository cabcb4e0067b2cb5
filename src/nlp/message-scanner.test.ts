import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDirectory, sharedDataFile } from '../test/shared-data.js';
import { TOY_SENTIMENT } from '../test/toy-sentiment.js';
import {
  extractFeatures,
  type FeatureConfig,
  FeatureVector,
  WORD_SEED,
} from './feature-hashing.js';
import { fnvString } from './hashing.js';
import { dominantScript, LANGUAGE_FEATURES } from './language-identifier.js';
import { ScannedMessage, scanMessage } from './message-scanner.js';
import { dominantScriptOf, extractScannedFeatures } from './scanned-features.js';
import { MESSAGE_FEATURES } from './shipped-model-recipes.js';
import { tokenise } from './tokeniser.js';

const CONFIGS: FeatureConfig[] = [
  MESSAGE_FEATURES,
  LANGUAGE_FEATURES,
  { bits: 18, wordNgramOrder: 2, charNgramMin: 3, charNgramMax: 5, sentimentLexicon: true },
  { bits: 12, wordNgramOrder: 2, charNgramMin: 1, charNgramMax: 6, wordPrefixLength: 5 },
];

/** Texts written for the tests that walk every branch of the reference regex. */
const TRICKY = [
  ':*)x :-D :Day 8) 8-) ): )-: <3 :/ :( ;p =] xhttp://a http:// www.x https://t.co/x?y=1',
  '#tag #1 # @ @_a @Acme_99 10:30, 3.5% 1/2 12,000 ...!? ?! ?? !!! ! ? . , ; : ( ) "',
  '¡hola! ÉCOLE naïve soooo SOOOO NOT GOOD, not ’good’ don’t can’t I’M İstanbul',
  '😀😀 ©® ‼ a²b ½ 𝐀𝐁𝐂 &amp; &lt;3 &#128512; &#x41;BC e\u0301t\u00e9 حلو جدا नमस्ते',
  "never ever, wasn't it? aaaaargh!!! OMG lol ''' _x x_ 'quoted' l'été",
];

function sameAsReference(text: string, scan: ScannedMessage): boolean {
  const tokens = tokenise(text);
  scanMessage(text, scan);
  if (tokens.length !== scan.count) return false;
  for (let index = 0; index < tokens.length; index++) {
    if (fnvString(tokens[index] as string, WORD_SEED) !== scan.hashes[index]) return false;
  }
  if (dominantScript(tokens) !== dominantScriptOf(scan)) return false;
  const reference = new FeatureVector();
  const scanned = new FeatureVector();
  for (const config of CONFIGS) {
    extractFeatures(tokens, config, reference);
    extractScannedFeatures(scan, config, scanned);
    if (reference.count !== scanned.count || reference.scale !== scanned.scale) return false;
    for (let index = 0; index < reference.count; index++) {
      if (reference.buckets[index] !== scanned.buckets[index]) return false;
    }
  }
  return true;
}

describe('scanMessage', () => {
  it('yields the tokens and features of the reference tokeniser on tricky text', () => {
    const scan = new ScannedMessage();
    for (const text of [...TRICKY, ...TOY_SENTIMENT.map((example) => example.text)]) {
      expect(sameAsReference(text, scan), text).toBe(true);
    }
  });

  it('is detected when it differs (the comparison is not vacuous)', () => {
    const scan = new ScannedMessage();
    scanMessage('not good at all', scan);
    const tokens = tokenise('good at all');
    expect(scan.count).not.toBe(tokens.length);
    expect(scan.hashes[1]).not.toBe(fnvString('good', WORD_SEED));
  });

  it('extracts a token range, so a message can be scored in chunks', () => {
    const scan = scanMessage('one two three four five six', new ScannedMessage());
    const whole = extractScannedFeatures(scan, LANGUAGE_FEATURES, new FeatureVector());
    const head = extractScannedFeatures(scan, LANGUAGE_FEATURES, new FeatureVector(), 0, 2);
    const tail = extractScannedFeatures(scan, LANGUAGE_FEATURES, new FeatureVector(), 2, 6);
    expect(head.count + tail.count).toBe(whole.count);
  });

  it.skipIf(!sharedDataFile('.').present)(
    'agrees with the reference on every tweet of the shared data sets (skipped without ../shared/data)',
    () => {
      const texts = sharedTexts(sharedDataDirectory);
      expect(texts.length).toBeGreaterThan(20_000);
      const scan = new ScannedMessage();
      const differing = texts.filter((text) => !sameAsReference(text, scan));
      expect(differing.slice(0, 3)).toEqual([]);
    },
    120_000,
  );
});

/** Whole lines, not parsed fields: a line holds every quirk of its row (entities, quotes, emoji). */
function sharedTexts(directory: string): string[] {
  const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const texts = [
    ...lines(join(directory, 'airline/train.csv')),
    ...lines(join(directory, 'twcs/twcs_head5000.csv')),
    ...lines(join(directory, 'vader/tweets_GroundTruth.txt')),
  ];
  for (const language of readdirSync(join(directory, 'umsab'))) {
    texts.push(...lines(join(directory, 'umsab', language, 'val_text.txt')));
  }
  return texts;
}
