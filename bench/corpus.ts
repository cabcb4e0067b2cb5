import fs from 'node:fs';
import path from 'node:path';
import { readCsvFile } from './csv-reader.js';

/** Texts the generated messages are resampled from. */
export interface Corpus {
  customerTexts: string[];
  brandTexts: string[];
  /** Where the texts came from, for the printed header. */
  source: string;
}

/** The shared real data sits next to the repository, as in CI (see ../shared/data/README.md). */
export const defaultDataDir = path.resolve(import.meta.dirname, '../../shared/data');

/**
 * Customer texts come from the inbound TWCS tweets and the airline tweets, brand replies from the
 * TWCS brand tweets, so lengths and character mix (emoji, URLs, entities) are those of real
 * traffic. Without the data folder (a fresh clone), synthetic texts keep the bench runnable.
 */
export function loadCorpus(dataDir: string, warn: (line: string) => void): Corpus {
  const twcsFile = path.join(dataDir, 'twcs', 'twcs_head5000.csv');
  const airlineFile = path.join(dataDir, 'airline', 'train.csv');
  if (!fs.existsSync(twcsFile) || !fs.existsSync(airlineFile)) {
    warn(`warning: ${dataDir} has no twcs/airline data; using synthetic texts`);
    return syntheticCorpus();
  }
  const customerTexts: string[] = [];
  const brandTexts: string[] = [];
  for (const row of readCsvFile(twcsFile)) {
    const text = row.text ?? '';
    if (text === '') continue;
    if (row.inbound === 'True') customerTexts.push(text);
    else brandTexts.push(text);
  }
  for (const row of readCsvFile(airlineFile)) {
    if (row.text) customerTexts.push(row.text);
  }
  return {
    customerTexts,
    brandTexts,
    source: `${customerTexts.length} customer and ${brandTexts.length} brand texts from ${dataDir}`,
  };
}

function syntheticCorpus(): Corpus {
  const problems = ['my order', 'the app', 'my card', 'the flight', 'my refund', 'the router'];
  const states = ['has not arrived', 'keeps crashing', 'was charged twice', 'is late again'];
  const customerTexts: string[] = [];
  for (const problem of problems) {
    for (const state of states) {
      customerTexts.push(`@brand ${problem} ${state}, third time this week. Anyone there?`);
      customerTexts.push(`Why is it that ${problem} ${state}? Not impressed at all`);
    }
  }
  const brandTexts = [
    'Sorry to hear that! Please send us a DM with your order number and we will look into it.',
    'Thanks for reaching out. Could you tell us a bit more about what happened?',
    'We understand the frustration. Our team is on it and will update you shortly.',
  ];
  return { customerTexts, brandTexts, source: 'synthetic texts (no data folder)' };
}
