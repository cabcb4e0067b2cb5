import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { message } from '../../test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { upsertFollowTheSunRule } from './follow-the-sun.repository.js';
import { handBack, planHandoffs } from './follow-the-sun.service.js';
import { handBackJobKind } from './routing.jobs.js';
import { agent, conversationOf, historyOf, ingest, team } from './routing.test-helper.js';

let runtime: TestRuntime;
beforeEach(async () => {
  runtime = await createTestRuntime();
});
afterEach(async () => {
  await runtime.close();
});

const closedWeek = Array.from({ length: 7 }, () => []);

/**
 * A stored UTC calendar (what the runtime reads at ingest): closed, except from `opensAt` (a
 * whole minute) to the end of that day; never open when `opensAt` is null.
 */
async function storeCalendar(teamId: number, opensAt: number | null) {
  const exceptions = [];
  if (opensAt !== null) {
    const date = new Date(opensAt).toISOString().slice(0, 10);
    const minute = (opensAt - Date.parse(`${date}T00:00:00Z`)) / 60_000;
    exceptions.push({ date, name: 'opening', intervals: [{ start: minute, end: 1440 }] });
  }
  await runtime.database.db
    .insertInto('team_calendars')
    .values({
      team_id: teamId,
      organisation_id: runtime.organisationId,
      timezone: 'UTC',
      weekly: JSON.stringify(closedWeek),
      exceptions: JSON.stringify(exceptions),
      updated_at: 0,
    })
    .execute();
}

async function handBackAt(teamId: number, now: number) {
  return withTransaction(runtime.database, (trx) =>
    handBack(trx, runtime.database.dialect, runtime.organisationId, teamId, now),
  );
}

describe('follow-the-sun', () => {
  it('hands new conversations to the on-shift team while the owner is closed, and back', async () => {
    const sydney = await team(runtime, 'AcmeSupport', 'Australia/Sydney');
    const berlin = await team(runtime, 'Berlin', 'Europe/Berlin');
    const opensAt = Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000;
    await storeCalendar(sydney, opensAt);
    await upsertFollowTheSunRule(
      runtime.database.db,
      runtime.organisationId,
      sydney,
      berlin,
      true,
      Date.now(),
    );
    const untouched = message();
    const answered = message();
    const taken = message();
    await ingest(runtime, untouched, answered, taken);
    for (const m of [untouched, answered, taken]) {
      const conversation = await conversationOf(runtime, m.external_id);
      expect(conversation.team_id).toBe(berlin);
      expect((await historyOf(runtime, conversation.id, 'team_changed'))[0]?.data).toEqual({
        from: sydney,
        to: berlin,
        reason: 'follow_the_sun',
      });
    }
    // One hand-back job for the opening, however many conversations were handed off.
    const jobs = await runtime.database.db
      .selectFrom('jobs')
      .select(['run_at'])
      .where('kind', '=', handBackJobKind)
      .execute();
    expect(jobs).toEqual([{ run_at: opensAt }]);

    // Berlin works on two of them: one gets an answer, one is taken by an agent.
    await ingest(
      runtime,
      message({
        direction: 'outbound',
        author: { handle: 'AcmeSupport' },
        in_reply_to: answered.external_id,
      }),
    );
    const berliner = await agent(runtime, [berlin], { capacity: 1 });
    const takenId = (await conversationOf(runtime, taken.external_id)).id;
    // Whatever auto-assignment picked, pin the agent to the 'taken' conversation.
    await runtime.database.db
      .updateTable('conversations')
      .set({ assignee_id: null })
      .where('assignee_id', '=', berliner)
      .execute();
    await runtime.database.db
      .updateTable('conversations')
      .set({ assignee_id: berliner })
      .where('id', '=', takenId)
      .execute();

    // Before the opening nothing moves.
    const early = await handBackAt(sydney, opensAt - 1);
    expect(early.result).toEqual({ returned: [], kept: [], rescheduledAt: opensAt });

    const { result } = await handBackAt(sydney, opensAt);
    const untouchedId = (await conversationOf(runtime, untouched.external_id)).id;
    const answeredId = (await conversationOf(runtime, answered.external_id)).id;
    expect(result.returned).toEqual([untouchedId]);
    expect(result.kept.sort()).toEqual([answeredId, takenId].sort());
    expect((await conversationOf(runtime, untouched.external_id)).team_id).toBe(sydney);
    expect((await conversationOf(runtime, answered.external_id)).team_id).toBe(berlin);
    expect((await conversationOf(runtime, taken.external_id)).assignee_id).toBe(berliner);
    expect((await historyOf(runtime, untouchedId, 'team_changed')).at(-1)?.data).toEqual({
      from: berlin,
      to: sydney,
      reason: 'follow_the_sun_return',
    });
    // Running the hand-back again changes nothing (the job may be retried).
    expect((await handBackAt(sydney, opensAt + 1)).result).toEqual({
      returned: [],
      kept: [],
      rescheduledAt: null,
    });
  });

  it('keeps conversations with the owner while it is open, or when nobody is on shift', async () => {
    const owner = await team(runtime, 'AcmeSupport');
    const other = await team(runtime, 'Other');
    await upsertFollowTheSunRule(
      runtime.database.db,
      runtime.organisationId,
      owner,
      other,
      true,
      0,
    );
    const open = message();
    await ingest(runtime, open);
    expect((await conversationOf(runtime, open.external_id)).team_id).toBe(owner);
    await storeCalendar(owner, null);
    await storeCalendar(other, null);
    const nobody = message();
    await ingest(runtime, nobody);
    expect((await conversationOf(runtime, nobody.external_id)).team_id).toBe(owner);
  });

  it("uses the calendars module: Sydney's 09:00 opening in its own timezone", async () => {
    const sydney = await team(runtime, 'Sydney', 'Australia/Sydney');
    const chicago = await team(runtime, 'Chicago', 'America/Chicago');
    const weekday = [{ start: 9 * 60, end: 17 * 60 }];
    await runtime.database.db
      .insertInto('team_calendars')
      .values({
        team_id: sydney,
        organisation_id: runtime.organisationId,
        timezone: 'Australia/Sydney',
        weekly: JSON.stringify([[], weekday, weekday, weekday, weekday, weekday, []]),
        exceptions: '[]',
        updated_at: 0,
      })
      .execute();
    await upsertFollowTheSunRule(
      runtime.database.db,
      runtime.organisationId,
      sydney,
      chicago,
      true,
      0,
    );
    // Saturday 10 January 2026, 12:00 in Sydney (UTC+11): closed; Monday 09:00 is 22:00 UTC Sunday.
    const saturdayNoon = Date.UTC(2026, 0, 10, 1, 0);
    const mondayOpening = Date.UTC(2026, 0, 11, 22, 0);
    const handoffs = await withTransaction(runtime.database, (trx) =>
      planHandoffs(
        trx,
        runtime.organisationId,
        [{ conversationId: 424242, teamId: sydney }],
        saturdayNoon,
      ),
    );
    expect(handoffs).toEqual([
      { conversationId: 424242, ownerTeamId: sydney, handoffTeamId: chicago },
    ]);
    const job = await runtime.database.db
      .selectFrom('jobs')
      .select(['run_at', 'payload'])
      .where('kind', '=', handBackJobKind)
      .executeTakeFirstOrThrow();
    expect(job.run_at).toBe(mondayOpening);
    expect(JSON.parse(job.payload)).toEqual({
      organisationId: runtime.organisationId,
      teamId: sydney,
    });
    // Monday 10:00 in Sydney: open, nothing is handed off.
    const mondayMorning = Date.UTC(2026, 0, 11, 23, 0);
    const none = await withTransaction(runtime.database, (trx) =>
      planHandoffs(
        trx,
        runtime.organisationId,
        [{ conversationId: 434343, teamId: sydney }],
        mondayMorning,
      ),
    );
    expect(none).toEqual([]);
  });
});
