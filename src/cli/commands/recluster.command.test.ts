import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHearken } from '../../../test/process-helpers.js';
import { acceptInbound } from '../../modules/ingest/index.js';
import { mergeThemes, renameTheme, splitTheme } from '../../modules/themes/index.js';
import { captureCliIo } from '../../test/cli-io.js';
import { message } from '../../test/fixtures.js';
import { topics } from '../../test/listening-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { main } from '../main.js';
import { describeRecluster, parseOrganisationId, reclusterReport } from './recluster.command.js';

describe('hearken recluster: arguments', () => {
  it('exits with 2 and says why on bad arguments, before opening the database', async () => {
    for (const [argv, why] of [
      [['recluster', 'now'], /unexpected argument "now"/],
      [['recluster', '--fast'], /unknown option --fast/],
      [['recluster', '--organisation'], /--organisation needs a value/],
      [['recluster', '--organisation', 'acme'], /"acme" is not an organisation id/],
      [['recluster', '--organisation=0'], /"0" is not an organisation id/],
      [['recluster', '--organisation', '-3'], /"-3" is not an organisation id/],
      [['recluster', '--organisation', '1.5'], /"1.5" is not an organisation id/],
      [['recluster', '--json=yes'], /--json takes no value/],
    ] as const) {
      const streams = captureCliIo();
      expect(await main([...argv], streams.io)).toBe(2);
      const error = streams.err();
      expect(error).toMatch(why);
      expect(error).toContain('Usage: hearken recluster [--organisation ID] [--json]');
    }
    expect(parseOrganisationId('12')).toBe(12);
  });

  it('describes a summary, and an organisation without themed messages', () => {
    const summary = {
      messages: 200,
      themed: 150,
      themesBefore: 12,
      themes: 10,
      kept: 8,
      created: 2,
      retired: 4,
      rules: { rename: 2, merge: 1, split: 1 },
      window: {
        from: Date.parse('2026-02-01T09:00:00Z'),
        to: Date.parse('2026-03-03T08:59:00Z'),
      },
    };
    const text = describeRecluster(reclusterReport(1, summary, 0.4321));
    expect(text).toContain('organisation 1 (messages from 2026-02-01 to 2026-03-03)');
    expect(text).toMatch(/messages themed +150 \(75%\)/);
    expect(text).toMatch(/themes before +12/);
    expect(text).toMatch(/themes after +10 \(kept 8, new 2, retired 4\)/);
    expect(text).toMatch(/rules re-applied +rename 2, merge 1, split 1/);
    expect(text).toMatch(/time +0\.43 s/);
    const empty = { ...summary, messages: 0, themed: 0, themesBefore: 0, themes: 0, window: null };
    expect(describeRecluster(reclusterReport(3, empty, 0))).toContain(
      'Organisation 3 has no themed customer messages yet',
    );
  });
});

describe('hearken recluster: on a database', () => {
  let runtime: TestRuntime;
  const base = Date.parse('2026-03-02T08:00:00Z');

  beforeAll(async () => {
    runtime = await createTestRuntime();
    const texts = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((index) =>
      (['fee', 'app', 'card'] as const).map((topic) => topics[topic][index] as string),
    );
    await acceptInbound(
      runtime.database,
      runtime.organisationId,
      texts.map((text, index) =>
        message({ text, created_at: new Date(base + index * 60_000).toISOString() }),
      ),
      'test',
    );
    await runtime.worker.drain();
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
  });

  async function themeOf(text: string): Promise<number | null> {
    const row = await runtime.database.db
      .selectFrom('theme_messages')
      .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
      .select('theme_messages.theme_id')
      .where('messages.text', '=', text)
      .executeTakeFirstOrThrow();
    return row.theme_id;
  }

  it("re-clusters like the job, re-applies the analysts' rules and reports them", async () => {
    const fee = await themeOf(topics.fee[0] as string);
    const card = await themeOf(topics.card[0] as string);
    const app = await themeOf(topics.app[0] as string);
    expect(fee !== null && card !== null && app !== null).toBe(true);
    const organisationId = runtime.organisationId;
    await renameTheme(runtime.database, organisationId, fee as number, 'Overdraft fees', null);
    await mergeThemes(runtime.database, organisationId, fee as number, [card as number], null);
    await splitTheme(runtime.database, organisationId, app as number, ['update'], 'Update', null);
    const themesBefore = await runtime.database.db
      .selectFrom('themes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', 'in', ['active', 'dormant'])
      .executeTakeFirstOrThrow();

    const run = await runHearken(['recluster', '--json'], runtime.childEnvironment);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      organisation_id: organisationId,
      messages: 24,
      themes_before: Number(themesBefore.count),
      rules_reapplied: { rename: 1, merge: 1, split: 1 },
    });
    expect(report.messages_themed).toBeGreaterThanOrEqual(18);
    expect(report.themes_after).toBe(report.themes_kept + report.themes_created);
    expect(report.window.to).toBe(new Date(base + 23 * 60_000).toISOString());
    // The rules held: the card messages stay merged into the renamed fee theme.
    expect(await themeOf(topics.card[1] as string)).toBe(fee);
    const renamed = await runtime.database.db
      .selectFrom('themes')
      .select(['pinned_label', 'status'])
      .where('id', '=', fee as number)
      .executeTakeFirstOrThrow();
    expect(renamed).toEqual({ pinned_label: 'Overdraft fees', status: 'active' });

    const text = await runHearken(['recluster'], runtime.childEnvironment);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/rules re-applied +rename 1, merge 1, split 1/);
  });

  it('exits with 2 for an organisation that does not exist', async () => {
    const run = await runHearken(
      ['recluster', '--organisation', '999999'],
      runtime.childEnvironment,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no organisation 999999');
  });
});
