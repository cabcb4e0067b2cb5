import { describe, expect, it } from 'vitest';
import { sharedDataFile } from '../../test/shared-data.js';
import { temporaryFolder } from '../../test/temporary-folder.js';
import type { InboundMessage } from '../ingest/index.js';
import { ImportFileError } from './import-errors.js';
import type { ReaderItem } from './reader.js';
import { readAll } from './reader.test-helper.js';
import { parseTwitterDate } from './source-dates.js';
import { noBrandError, twcsReader, tweetIdFromNumber } from './twcs.reader.js';
import { twcsReference } from './twcs-reference.test-helper.js';

function messagesOf(items: ReaderItem[]): InboundMessage[] {
  return items.flatMap((item) => (item.message ? [item.message] : []));
}

const header =
  'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id';

describe('twcs reader on small written files', () => {
  const folder = temporaryFolder('twcs');

  it('finds the brand from replies, responses, mentions and along customer chains', async () => {
    const file = folder.write(
      'chain.csv',
      [
        header,
        // A customer reply to a brand tweet: the brand is the parent's author.
        '10,BrandOne,False,Tue Oct 31 22:10:47 +0000 2017,@c1 How can we help?,11,',
        '11,c1,True,Tue Oct 31 22:11:47 +0000 2017,"my card, again",12,10.0',
        // A follow-up of the same customer replying to themselves: propagated.
        '12,c1,True,Tue Oct 31 22:12:47 +0000 2017,and another thing,,11.0',
        // A customer tweet whose only brand link is a brand response.
        '20,c2,True,Wed Nov 01 08:00:00 +0000 2017,help please,21,',
        '21,BrandTwo,False,Wed Nov 01 08:05:00 +0000 2017,@c2 on it,,20',
        // A mention of a known brand, in any letter case.
        '30,c3,True,Wed Nov 01 09:00:00 +0000 2017,hey @brandone where is my refund,,',
        // Nothing links this one to a brand.
        '40,c4,True,Wed Nov 01 10:00:00 +0000 2017,@somebody hello,,',
        '',
      ].join('\n'),
    );
    const items = await readAll(twcsReader, file);
    const byId = new Map(messagesOf(items).map((message) => [message.external_id, message]));
    expect(byId.get('10')).toMatchObject({ direction: 'outbound', channel_account: 'BrandOne' });
    expect(byId.get('11')).toMatchObject({
      direction: 'inbound',
      channel_account: 'BrandOne',
      in_reply_to: '10',
      author: { handle: 'c1' },
      text: 'my card, again',
      created_at: '2017-10-31T22:11:47.000Z',
    });
    expect(byId.get('12')?.channel_account).toBe('BrandOne');
    expect(byId.get('20')?.channel_account).toBe('BrandTwo');
    expect(byId.get('20')?.in_reply_to).toBeUndefined();
    expect(byId.get('30')?.channel_account).toBe('BrandOne');
    expect(items.find((item) => item.error)).toEqual({ line: 8, error: noBrandError });
    expect(byId.get('11')?.raw).toEqual({
      tweet_id: '11',
      author_id: 'c1',
      inbound: 'True',
      created_at: 'Tue Oct 31 22:11:47 +0000 2017',
      text: 'my card, again',
      response_tweet_id: '12',
      in_response_to_tweet_id: '10.0',
    });
  });

  it('finds brands given beforehand in a file of customer tweets only', async () => {
    const file = folder.write(
      'customers-only.csv',
      [
        header,
        '50,c5,True,Wed Nov 01 10:00:00 +0000 2017,@ShopHelp my order is late,,',
        '51,c5,True,Wed Nov 01 10:05:00 +0000 2017,still waiting,,50',
        '52,c6,True,Wed Nov 01 10:07:00 +0000 2017,@someone else,,',
      ].join('\n'),
    );
    const items = await readAll(twcsReader, file, { brands: ['@shophelp'] });
    expect(items.map((item) => item.message?.channel_account ?? item.error)).toEqual([
      'shophelp',
      'shophelp',
      noBrandError,
    ]);
  });

  it('reports malformed rows with their line and keeps going', async () => {
    const file = folder.write(
      'bad.csv',
      [
        `,${header}`,
        '0,1,B,False,Tue Oct 31 22:10:47 +0000 2017,"two\nlines",,',
        '1,2,c,maybe,Tue Oct 31 22:10:47 +0000 2017,x,,1.0',
        '2,3,c,True,yesterday,x,,1.0',
        '3,4,c,True',
        '4,5,c,True,Tue Oct 31 22:10:47 +0000 2017,x,,abc',
        '5,6,c,True,Tue Oct 31 22:10:47 +0000 2017,x,,1.0',
      ].join('\r\n'),
    );
    const items = await readAll(twcsReader, file);
    expect(items.map((item) => [item.line, item.error === undefined])).toEqual([
      [2, true],
      [4, false],
      [5, false],
      [6, false],
      [7, false],
      [8, true],
    ]);
    expect(items[1]?.error).toMatch(/inbound must be True or False/);
    expect(items[2]?.error).toMatch(/created_at/);
    expect(items[3]?.error).toMatch(/expected 8 columns, found 4/);
    expect(items[4]?.error).toMatch(/in_response_to_tweet_id/);
    // The pandas index column is not part of raw.
    expect(Object.keys(items[0]?.message?.raw as object)).not.toContain('');
  });

  it('refuses missing, empty and foreign files before reading rows', async () => {
    await expect(twcsReader.check(folder.file('nope.csv'))).rejects.toThrow(/not found/);
    await expect(twcsReader.check(folder.write('empty.csv', ''))).rejects.toThrow(ImportFileError);
    await expect(twcsReader.check(folder.write('empty.csv', ''))).rejects.toThrow(/empty/);
    const airline = folder.write(
      'airline.csv',
      'tweet_id,airline_sentiment,airline,name,text\n1,a,b,c,d\n',
    );
    await expect(twcsReader.open(airline)).rejects.toThrow(/does not look like a TWCS.*author_id/);
  });
});

describe('twcs value parsing', () => {
  it('parses Twitter dates with their offset', () => {
    expect(parseTwitterDate('Tue Oct 31 22:10:47 +0000 2017')).toBe(
      Date.UTC(2017, 9, 31, 22, 10, 47),
    );
    expect(parseTwitterDate('Tue Oct 31 22:10:47 +0130 2017')).toBe(
      Date.UTC(2017, 9, 31, 20, 40, 47),
    );
    expect(parseTwitterDate('Tue Oct 32 22:10:47 +0000 2017')).toBeUndefined();
    expect(parseTwitterDate('2017-10-31')).toBeUndefined();
  });

  it('reads float reply ids as integer ids', () => {
    expect(tweetIdFromNumber('3.0')).toBe('3');
    expect(tweetIdFromNumber('119240')).toBe('119240');
    expect(tweetIdFromNumber('1.5e3')).toBe('1500');
    expect(tweetIdFromNumber('3.5')).toBeNull();
    expect(tweetIdFromNumber('abc')).toBeNull();
  });
});

const sample = sharedDataFile('twcs/sample.csv');

describe.skipIf(!sample.present)('twcs reader on the official sample (../shared/data)', () => {
  it('reads every row, with directions, reply links and a brand for each customer tweet', async () => {
    const reference = twcsReference(sample.file);
    const items = await readAll(twcsReader, sample.file);
    const messages = messagesOf(items);
    expect(items.filter((item) => item.error)).toEqual([]);
    expect(messages).toHaveLength(reference.rows);
    expect(reference.rows).toBe(93);
    const outbound = messages.filter((message) => message.direction === 'outbound');
    expect(outbound).toHaveLength(reference.outbound);
    const brands = new Set(outbound.map((message) => message.author.handle));
    expect(brands.size).toBe(reference.brands);
    expect(brands.size).toBe(13);
    for (const message of outbound) expect(message.channel_account).toBe(message.author.handle);

    const byId = new Map(messages.map((message) => [message.external_id, message]));
    let repliesToBrand = 0;
    for (const message of messages) {
      expect(message.channel).toBe('twitter');
      if (message.direction === 'outbound') continue;
      expect(brands.has(message.channel_account)).toBe(true);
      const parent = message.in_reply_to ? byId.get(message.in_reply_to) : undefined;
      if (parent?.direction === 'outbound') {
        repliesToBrand++;
        expect(message.channel_account).toBe(parent.author.handle);
      }
    }
    expect(repliesToBrand).toBeGreaterThan(0);
    for (const message of messages) {
      if (message.in_reply_to) expect(message.in_reply_to).toMatch(/^\d+$/);
    }
  });
});

const head = sharedDataFile('twcs/twcs_head5000.csv');

describe.skipIf(!head.present)('twcs reader on twcs_head5000.csv (../shared/data)', () => {
  it('reads all 5,000 rows and gives every customer tweet a brand', async () => {
    const reference = twcsReference(head.file);
    expect(reference.rows).toBe(5000);
    const items = await readAll(twcsReader, head.file);
    expect(items).toHaveLength(5000);
    const errors = items.filter((item) => item.error);
    // Every customer tweet of this file can be tied to a brand (measured: none left over).
    expect(errors).toEqual([]);
    const messages = messagesOf(items);
    expect(messages.filter((message) => message.direction === 'inbound')).toHaveLength(
      reference.inbound,
    );
    expect(new Set(messages.map((message) => message.channel_account)).size).toBe(reference.brands);
    expect(new Set(messages.map((message) => message.external_id)).size).toBe(5000);
    // The line numbers are physical lines: quoted newlines make the file longer than its rows.
    const lastLine = items.at(-1)?.line ?? 0;
    expect(lastLine).toBeGreaterThan(5001);
  });

  it('finds the reply-chain components that hold a customer tweet', () => {
    const reference = twcsReference(head.file);
    expect(reference.componentsWithInbound).toBe(1311);
    expect(reference.components).toBe(1312);
  });
});
