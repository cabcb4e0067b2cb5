import { describe, expect, it } from 'vitest';
import { sharedDataFile } from '../../test/shared-data.js';
import { temporaryFolder } from '../../test/temporary-folder.js';
import { airlineHandles, airlineReader } from './airline.reader.js';
import { decodeHtmlEntities } from './html-entities.js';
import { readAll } from './reader.test-helper.js';
import { offsetDateToIso } from './source-dates.js';

const header =
  'tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,negativereason_confidence,' +
  'airline,airline_sentiment_gold,name,negativereason_gold,retweet_count,text,tweet_coord,' +
  'tweet_created,tweet_location,user_timezone';

describe('airline value parsing', () => {
  it('keeps the offset of tweet_created in an ISO date', () => {
    const iso = offsetDateToIso('2015-02-24 11:35:52 -0800');
    expect(iso).toBe('2015-02-24T11:35:52-08:00');
    expect(Date.parse(iso as string)).toBe(Date.UTC(2015, 1, 24, 19, 35, 52));
    expect(offsetDateToIso('2015-02-30 11:35:52 -0800')).toBeUndefined();
    expect(offsetDateToIso('24/02/2015')).toBeUndefined();
  });

  it('decodes HTML entities once, leaving unknown ones', () => {
    expect(decodeHtmlEntities('a &amp; b &lt;3 &gt; &quot;x&quot; &#39;y&#39; &#x1F600;')).toBe(
      'a & b <3 > "x" \'y\' \u{1F600}',
    );
    expect(decodeHtmlEntities('&amp;amp; &bogus; & alone')).toBe('&amp; &bogus; & alone');
  });
});

describe('airline reader on a small written file', () => {
  const folder = temporaryFolder('airline');

  it('maps each row to an inbound tweet to the airline account', async () => {
    const file = folder.write(
      'small.csv',
      [
        header,
        '1,negative,1.0,Late Flight,1.0,Delta,,traveller_a,,0,"@JetBlue late &amp; cold, again",,2015-02-24 11:35:52 -0800,,',
        '2,neutral,1.0,,,Lufthansa,,traveller_b,,0,hello,,2015-02-24 11:35:52 -0800,,',
        '3,positive,1.0,,,United,,traveller_c,,0,thanks,,not a date,,',
      ].join('\r\n'),
    );
    const items = await readAll(airlineReader, file);
    expect(items[0]).toMatchObject({
      line: 2,
      message: {
        channel: 'twitter',
        channel_account: 'JetBlue',
        external_id: '1',
        direction: 'inbound',
        author: { handle: 'traveller_a' },
        text: '@JetBlue late & cold, again',
        created_at: '2015-02-24T11:35:52-08:00',
        raw: { airline: 'Delta', negativereason: 'Late Flight' },
      },
    });
    expect(items[1]).toEqual({ line: 3, error: 'unknown airline "Lufthansa"' });
    expect(items[2]?.error).toMatch(/tweet_created/);
  });

  it('refuses a file of another format', async () => {
    const file = folder.write(
      'twcs.csv',
      'tweet_id,author_id,inbound,created_at,text\n1,a,True,x,y\n',
    );
    await expect(airlineReader.check(file)).rejects.toThrow(/lacks airline, name, tweet_created/);
  });
});

const train = sharedDataFile('airline/train.csv');

describe.skipIf(!train.present)('airline reader on train.csv (../shared/data)', () => {
  it('reads every row, decodes entities and keeps the duplicated tweet ids', async () => {
    const items = await readAll(airlineReader, train.file);
    expect(items.filter((item) => item.error)).toEqual([]);
    const messages = items.flatMap((item) => (item.message ? [item.message] : []));
    expect(messages).toHaveLength(11_713);
    // The duplicates are left for acceptInbound, whose idempotency turns them into nothing.
    expect(new Set(messages.map((message) => message.external_id)).size).toBe(11_588);
    expect(messages.some((message) => /&(amp|lt|gt);/.test(message.text))).toBe(false);
    const rawWithEntities = messages.filter((message) =>
      /&(amp|lt|gt);/.test((message.raw as { text: string }).text),
    );
    expect(rawWithEntities.length).toBeGreaterThan(500);
    const accounts = new Set(messages.map((message) => message.channel_account));
    expect([...accounts].sort()).toEqual(Object.values(airlineHandles).sort());
    for (const message of messages) {
      expect(message.created_at).toMatch(/^2015-02-\d{2}T\d{2}:\d{2}:\d{2}-08:00$/);
    }
    // Most tweets name the account they are mapped to; this checks the label-to-handle table.
    const naming = messages.filter((message) =>
      message.text.toLowerCase().includes(`@${message.channel_account.toLowerCase()}`),
    );
    expect(naming.length / messages.length).toBeGreaterThan(0.97);
  });
});
