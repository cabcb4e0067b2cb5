import type { InboundMessage } from '../ingest/index.js';
import {
  type ColumnIndex,
  columnCountError,
  dataRecords,
  indexColumns,
  messageItem,
  readCsvHeader,
  readCsvRecords,
  rowObject,
} from './csv-source.js';
import { checkReadableFile } from './file-source.js';
import type { ImportReader, OpenedSource, ReaderItem, ReadOptions } from './reader.js';
import { bytesProgress } from './reader.js';
import { parseTwitterDate } from './source-dates.js';
import { TwcsReplyGraph } from './twcs-brands.js';

const twcsColumns = [
  'tweet_id',
  'author_id',
  'inbound',
  'created_at',
  'text',
  'response_tweet_id',
  'in_response_to_tweet_id',
] as const;
type TwcsColumn = (typeof twcsColumns)[number];

export const noBrandError = 'no brand account found for this customer tweet';

const csvOptions = { replaceLoneCarriageReturns: true };

/**
 * Customer Support on Twitter (Kaggle TWCS). Reads the file twice: a scan that builds the reply
 * graph (which brand each customer addresses is only known from it), then the rows, in order.
 * The scan keeps a few short strings per tweet, never the texts.
 */
export const twcsReader: ImportReader = {
  format: 'twcs',

  async check(file) {
    await checkReadableFile(file);
    const header = await readCsvHeader(file, csvOptions);
    indexColumns(file, header, twcsColumns, 'TWCS (Customer Support on Twitter)');
  },

  async open(file, options: ReadOptions = {}): Promise<OpenedSource> {
    const totalBytes = await checkReadableFile(file);
    const header = await readCsvHeader(file, csvOptions);
    const columns = indexColumns(file, header, twcsColumns, 'TWCS (Customer Support on Twitter)');

    const graph = new TwcsReplyGraph(options.brands);
    let isHeader = true;
    for await (const record of readCsvRecords(file, {
      ...csvOptions,
      onBytes: bytesProgress(options, 'scanning', totalBytes),
    })) {
      if (isHeader) {
        isHeader = false;
        continue;
      }
      if (columnCountError(header, record)) continue;
      const tweet = parseTweet(record.fields, columns);
      if (typeof tweet === 'string') continue;
      graph.add(tweet);
    }
    const brandOf = graph.resolveBrands();

    return {
      totalBytes,
      passes: 2,
      async *rows(): AsyncGenerator<ReaderItem> {
        const records = dataRecords(file, header, {
          ...csvOptions,
          onBytes: bytesProgress(options, 'reading', totalBytes),
        });
        for await (const record of records) {
          if ('error' in record) {
            yield record;
            continue;
          }
          const tweet = parseTweet(record.fields, columns);
          if (typeof tweet === 'string') {
            yield { line: record.line, error: tweet };
            continue;
          }
          const channelAccount = tweet.inbound ? brandOf.get(tweet.id) : tweet.author;
          if (channelAccount === undefined) {
            yield { line: record.line, error: noBrandError };
            continue;
          }
          const message: InboundMessage = {
            channel: 'twitter',
            channel_account: channelAccount,
            external_id: tweet.id,
            direction: tweet.inbound ? 'inbound' : 'outbound',
            author: { handle: tweet.author },
            text: tweet.text,
            created_at: new Date(tweet.createdAt).toISOString(),
            ...(tweet.parent === undefined ? {} : { in_reply_to: tweet.parent }),
            raw: rowObject(header, record.fields),
          };
          yield messageItem(record.line, message);
        }
      },
    };
  },
};

interface ParsedTweet {
  id: string;
  author: string;
  inbound: boolean;
  createdAt: number;
  text: string;
  parent: string | undefined;
  responses: string[];
}

/** Returns the tweet, or the reason the row cannot be one. */
function parseTweet(fields: string[], columns: ColumnIndex<TwcsColumn>): ParsedTweet | string {
  const field = (name: TwcsColumn) => (fields[columns[name]] ?? '').trim();
  const id = field('tweet_id');
  if (id === '') return 'tweet_id is empty';
  const author = field('author_id');
  if (author === '') return 'author_id is empty';
  const inboundText = field('inbound').toLowerCase();
  if (inboundText !== 'true' && inboundText !== 'false') {
    return `inbound must be True or False, found "${field('inbound').slice(0, 20)}"`;
  }
  const createdAt = parseTwitterDate(field('created_at'));
  if (createdAt === undefined) {
    return 'created_at is not a date like "Tue Oct 31 22:10:47 +0000 2017"';
  }
  const parentText = field('in_response_to_tweet_id');
  const parent = parentText === '' ? undefined : tweetIdFromNumber(parentText);
  if (parent === null) return 'in_response_to_tweet_id is not a tweet id';
  const responses = field('response_tweet_id')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return {
    id,
    author,
    inbound: inboundText === 'true',
    createdAt,
    text: fields[columns.text] ?? '',
    parent,
    responses,
  };
}

/**
 * The export writes reply ids as floats (`3.0`) because pandas stores a column with blanks as
 * float. Returns the integer id as text, or null when the value is not an integer.
 */
export function tweetIdFromNumber(text: string): string | null {
  const plain = /^(\d+)(?:\.0*)?$/.exec(text);
  if (plain) return (plain[1] as string).replace(/^0+(?=\d)/, '');
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
}
