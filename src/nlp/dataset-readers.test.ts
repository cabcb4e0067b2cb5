import { describe, expect, it } from 'vitest';
import { sharedDataFile } from '../test/shared-data.js';
import { temporaryFolder } from '../test/temporary-folder.js';
import { readDataset, vaderRatingToSentiment } from './dataset-readers.js';

const folder = temporaryFolder('readers');
const file = folder.write;
const airlineFile = sharedDataFile('airline/train.csv');

describe('readDataset', () => {
  it('reads airline CSV with quoted text, dropping repeated tweet ids', () => {
    const input = file(
      'airline.csv',
      'tweet_id,airline_sentiment,text\n1,negative,"late, again"\n1,negative,"late, again"\n2,positive,"thanks\nteam"\n',
    );
    expect(readDataset({ task: 'sentiment', format: 'airline', input })).toEqual([
      { text: 'late, again', label: 'negative' },
      { text: 'thanks\nteam', label: 'positive' },
    ]);
    expect(
      readDataset({ task: 'complaint', format: 'airline', input }).map((e) => e.label),
    ).toEqual(['complaint', 'other']);
  });

  it('names file and line for a bad label, a missing column and a missing file', () => {
    const bad = file('bad.csv', 'tweet_id,airline_sentiment,text\n1,angry,"x"\n');
    expect(() => readDataset({ task: 'sentiment', format: 'airline', input: bad })).toThrow(
      `${bad}:2: label "angry" is not one of negative, neutral, positive`,
    );
    const noText = file('notext.csv', 'body,label\nx,a\n');
    expect(() => readDataset({ task: 'intent', format: 'csv', input: noText })).toThrow(
      `${noText}:1: missing column(s) text`,
    );
    expect(() =>
      readDataset({ task: 'intent', format: 'csv', input: folder.file('nope.csv') }),
    ).toThrow('nope.csv: file not found');
  });

  it('maps TweetEval emotion to anger/other and checks label indices', () => {
    file('emotion/mapping.txt', '0\tanger\n1\tjoy\n2\toptimism\n3\tsadness\n');
    file('emotion/val_text.txt', 'so cross right now\nlovely day\n');
    file('emotion/val_labels.txt', '0\n1\n');
    const input = folder.file('emotion/val');
    expect(readDataset({ task: 'anger', format: 'tweeteval', input })).toEqual([
      { text: 'so cross right now', label: 'anger' },
      { text: 'lovely day', label: 'other' },
    ]);
    file('emotion/bad_text.txt', 'a\n');
    file('emotion/bad_labels.txt', '7\n');
    expect(() =>
      readDataset({ task: 'anger', format: 'tweeteval', input: folder.file('emotion/bad') }),
    ).toThrow(/bad_labels\.txt:1: label "7" not in mapping/);
  });

  it('reads VADER ratings, BANKING77 and UMSAB layouts', () => {
    const vader = file('vader.txt', '1\t2.5\tgreat stuff\n2\t-3\tterrible\n3\t0.1\tthe bus\n');
    expect(
      readDataset({ task: 'sentiment', format: 'vader', input: vader }).map((e) => e.label),
    ).toEqual(['positive', 'negative', 'neutral']);
    expect(vaderRatingToSentiment(-0.6)).toBe('negative');
    const badVader = file('badvader.txt', '1\tlots\ttext\n');
    expect(() => readDataset({ task: 'sentiment', format: 'vader', input: badVader })).toThrow(
      /badvader\.txt:1: rating "lots"/,
    );
    const banking = file('banking.csv', 'text,category\nwhere is my card,card_arrival\n');
    expect(readDataset({ task: 'intent', format: 'banking77', input: banking })).toEqual([
      { text: 'where is my card', label: 'card_arrival' },
    ]);
    file('umsab/french/val_text.txt', 'bonjour à tous\n');
    file('umsab/french/val_labels.txt', '2\n');
    file('umsab/german/val_text.txt', 'guten morgen\n');
    file('umsab/german/val_labels.txt', '1\n');
    const umsab = folder.file('umsab');
    expect(readDataset({ task: 'language', format: 'umsab', input: umsab, split: 'val' })).toEqual([
      { text: 'bonjour à tous', label: 'french' },
      { text: 'guten morgen', label: 'german' },
    ]);
    expect(
      readDataset({ task: 'sentiment', format: 'umsab', input: umsab }).map((e) => e.label),
    ).toEqual(['positive', 'neutral']);
  });

  it('refuses formats that carry no labels for the task', () => {
    const vader = file('v2.txt', '1\t1\tok\n');
    expect(() => readDataset({ task: 'intent', format: 'vader', input: vader })).toThrow(
      'format vader has no labels for task intent',
    );
  });
});

describe.skipIf(!airlineFile.present)('real data files (skipped: ../shared/data is absent)', () => {
  it('parses every airline row and every BANKING77 row', () => {
    const airline = readDataset({
      task: 'sentiment',
      format: 'airline',
      input: airlineFile.file,
    });
    expect(airline.length).toBeGreaterThan(11_500);
    expect(airline.some((example) => example.text.includes('&amp;'))).toBe(true);
    const banking = readDataset({
      task: 'intent',
      format: 'banking77',
      input: sharedDataFile('banking77/train.csv').file,
    });
    expect(banking).toHaveLength(10_003);
    expect(new Set(banking.map((example) => example.label)).size).toBe(77);
  });
});
