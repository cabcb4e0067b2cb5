import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvWithHeader } from '../src/platform/csv.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The airline sentiment data set beside the repository (never copied into it). */
export const airlineFile = path.resolve(repoRoot, '../shared/data/airline/train.csv');

export interface AirlineTweet {
  id: string;
  text: string;
  reason: string;
  at: number;
}

/** The negative tweets, one per tweet id, oldest first, with their human `negativereason`. */
export function loadNegativeTweets(): AirlineTweet[] {
  const rows = parseCsvWithHeader(fs.readFileSync(airlineFile, 'utf8'), [
    'tweet_id',
    'airline_sentiment',
    'negativereason',
    'text',
    'tweet_created',
  ]);
  const seen = new Set<string>();
  const tweets: AirlineTweet[] = [];
  for (const { values } of rows) {
    if (values.airline_sentiment !== 'negative' || seen.has(values.tweet_id as string)) continue;
    seen.add(values.tweet_id as string);
    const created = (values.tweet_created as string).replace(' ', 'T').replace(' ', '');
    tweets.push({
      id: values.tweet_id as string,
      text: values.text as string,
      reason: values.negativereason as string,
      at: Date.parse(created.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')),
    });
  }
  return tweets.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}
