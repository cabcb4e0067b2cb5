import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedDataFile } from '../../test/shared-data.js';
import { temporaryFolder } from '../../test/temporary-folder.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { collectStats } from '../admin/index.js';
import { ImportFileError, type ImportProgress, importFile } from './index.js';
import { twcsReference } from './twcs-reference.test-helper.js';

let runtime: TestRuntime;
const folder = temporaryFolder('import');
beforeEach(async () => {
  runtime = await createTestRuntime();
});
afterEach(async () => {
  await runtime.close();
});

const stats = () => collectStats(runtime.database.db, runtime.organisationId);

const message = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    channel: 'email',
    channel_account: 'help@shop.example',
    external_id: id,
    author: { handle: 'ann@example.net' },
    text: 'Where is my parcel?',
    created_at: '2024-05-01T09:30:00Z',
    ...extra,
  });

describe('importFile', () => {
  it('imports JSON Lines, reports row errors by line and accepts nothing the second time', async () => {
    const file = folder.write(
      'messages.jsonl',
      [
        message('a1'),
        message('a2', { in_reply_to: 'a1', direction: 'outbound', author: { handle: 'help' } }),
        'not json',
        message('a3', { created_at: 'soon' }),
        message('a1'),
      ].join('\n'),
    );
    const phases = new Set<string>();
    const onProgress = (progress: ImportProgress) => phases.add(progress.phase);
    const first = await importFile(runtime, 'jsonl', file, { onProgress });
    expect(first).toMatchObject({
      rowsRead: 5,
      accepted: 2,
      duplicates: 1,
      rowErrorCount: 2,
      processed: true,
      failedJobs: 0,
    });
    expect(first.rowErrors.map((error) => error.line)).toEqual([3, 4]);
    expect(phases).toEqual(new Set(['reading', 'processing']));
    const after = await stats();
    expect(after).toMatchObject({ messages: 2, conversations: 1, inbound_events_unprocessed: 0 });

    const second = await importFile(runtime, 'jsonl', file);
    expect(second).toMatchObject({ accepted: 0, duplicates: 3, rowErrorCount: 2 });
    expect(await stats()).toEqual(after);
  });

  it('leaves the messages queued with process: false', async () => {
    const file = folder.write('queued.jsonl', `${message('q1')}\n${message('q2')}\n`);
    const summary = await importFile(runtime, 'jsonl', file, { process: false });
    expect(summary).toMatchObject({ accepted: 2, processed: false });
    expect(await stats()).toMatchObject({
      inbound_events: 2,
      inbound_events_unprocessed: 2,
      messages: 0,
    });
    await runtime.worker.drain();
    expect(await stats()).toMatchObject({ inbound_events_unprocessed: 0, messages: 2 });
  });

  it('writes nothing when the file is wrong as a whole', async () => {
    const file = folder.write('wrong.csv', 'a,b,c\n1,2,3\n');
    await expect(importFile(runtime, 'twcs', file)).rejects.toThrow(ImportFileError);
    await expect(importFile(runtime, 'airline', folder.file('none.csv'))).rejects.toThrow(
      /not found/,
    );
    expect(await stats()).toMatchObject({ inbound_events: 0, jobs_pending: 0 });
  });
});

const head = sharedDataFile('twcs/twcs_head5000.csv');

describe.skipIf(!head.present)('importing twcs_head5000.csv (../shared/data)', () => {
  it('gives one conversation per reply chain and is idempotent', async () => {
    const reference = twcsReference(head.file);
    const summary = await importFile(runtime, 'twcs', head.file);
    expect(summary).toMatchObject({
      rowsRead: 5000,
      accepted: 5000,
      duplicates: 0,
      rowErrorCount: 0,
    });
    const after = await stats();
    expect(after.messages).toBe(5000);
    expect(after.conversations_with_customer_message).toBe(reference.componentsWithInbound);
    expect(after.conversations).toBe(reference.components);
    expect(after.channel_accounts).toBe(reference.brands);

    const again = await importFile(runtime, 'twcs', head.file);
    expect(again).toMatchObject({ accepted: 0, duplicates: 5000 });
    expect(await stats()).toEqual(after);
  });
});

const airline = sharedDataFile('airline/train.csv');

describe.skipIf(!airline.present)('importing airline/train.csv (../shared/data)', () => {
  it('stores each distinct tweet once', async () => {
    const summary = await importFile(runtime, 'airline', airline.file);
    expect(summary).toMatchObject({
      rowsRead: 11_713,
      accepted: 11_588,
      duplicates: 125,
      rowErrorCount: 0,
    });
    expect(await stats()).toMatchObject({ messages: 11_588, channel_accounts: 6 });
  });
});
