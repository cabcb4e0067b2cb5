import type { InboundMessage } from '../ingest/index.js';
import {
  type ColumnIndex,
  dataRecords,
  indexColumns,
  messageItem,
  readCsvHeader,
  rowObject,
} from './csv-source.js';
import { checkReadableFile } from './file-source.js';
import { decodeHtmlEntities } from './html-entities.js';
import type { ImportReader, OpenedSource, ReaderItem, ReadOptions } from './reader.js';
import { bytesProgress } from './reader.js';
import { offsetDateToIso } from './source-dates.js';

const airlineColumns = ['tweet_id', 'airline', 'name', 'text', 'tweet_created'] as const;
type AirlineColumn = (typeof airlineColumns)[number];

/**
 * The Twitter account each airline label stands for. The data set labels the tweets to @JetBlue
 * "Delta" (1,807 of its 1,811 "Delta" rows mention @JetBlue, 6 mention @Delta), so that label
 * maps to the account the customers actually wrote to.
 */
export const airlineHandles: Readonly<Record<string, string>> = {
  'Virgin America': 'VirginAmerica',
  United: 'united',
  Southwest: 'SouthwestAir',
  Delta: 'JetBlue',
  'US Airways': 'USAirways',
  American: 'AmericanAir',
};

const formatName = 'Twitter US Airline Sentiment';

/** Twitter US Airline Sentiment: customer tweets to six airlines, no replies. */
export const airlineReader: ImportReader = {
  format: 'airline',

  async check(file) {
    await checkReadableFile(file);
    indexColumns(file, await readCsvHeader(file), airlineColumns, formatName);
  },

  async open(file, options: ReadOptions = {}): Promise<OpenedSource> {
    const totalBytes = await checkReadableFile(file);
    const header = await readCsvHeader(file);
    const columns = indexColumns(file, header, airlineColumns, formatName);
    const onBytes = bytesProgress(options, 'reading', totalBytes);

    return {
      totalBytes,
      passes: 1,
      async *rows(): AsyncGenerator<ReaderItem> {
        for await (const record of dataRecords(file, header, { onBytes })) {
          if ('error' in record) {
            yield record;
            continue;
          }
          const row = parseAirlineRow(record.fields, columns);
          if (typeof row === 'string') {
            yield { line: record.line, error: row };
            continue;
          }
          const message: InboundMessage = {
            channel: 'twitter',
            channel_account: row.handle,
            external_id: row.tweetId,
            direction: 'inbound',
            author: { handle: row.author },
            text: decodeHtmlEntities(record.fields[columns.text] ?? ''),
            created_at: row.createdAt,
            raw: rowObject(header, record.fields),
          };
          yield messageItem(record.line, message);
        }
      },
    };
  },
};

interface AirlineRow {
  tweetId: string;
  handle: string;
  author: string;
  createdAt: string;
}

/** Returns the row's fields, or the reason the row cannot be a message. */
function parseAirlineRow(
  fields: string[],
  columns: ColumnIndex<AirlineColumn>,
): AirlineRow | string {
  const field = (name: AirlineColumn) => (fields[columns[name]] ?? '').trim();
  const tweetId = field('tweet_id');
  if (tweetId === '') return 'tweet_id is empty';
  const airline = field('airline');
  const handle = airlineHandles[airline];
  if (handle === undefined) return `unknown airline "${airline.slice(0, 40)}"`;
  const author = field('name');
  if (author === '') return 'name is empty';
  const createdAt = offsetDateToIso(field('tweet_created'));
  if (createdAt === undefined)
    return 'tweet_created is not a date like "2015-02-24 11:35:52 -0800"';
  return { tweetId, handle, author, createdAt };
}
