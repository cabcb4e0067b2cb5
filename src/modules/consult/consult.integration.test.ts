import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { caller, day, type Person, person, stanceAnswer } from './consult.test-helper.js';

/**
 * A consultation through its API: validation with field errors, rings opened and gated in
 * order, idempotent answers with history, versions with a word diff, results aggregated per
 * segment with divergence, and the register of concerns holding the gate while a hot one is open.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let call: ReturnType<typeof caller>;
let owner: Person;
let members: Person[];

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  call = caller(app);
  owner = await person(app, runtime, 'lead', { department: 'Product' });
  members = [];
  for (let index = 0; index < 20; index++) {
    members.push(
      await person(app, runtime, 'member', {
        department: index < 10 ? 'Sales' : 'Operations',
        revenue: String(1000 * (index + 1)),
      }),
    );
  }
  await runtime.database.db
    .insertInto('attribute_definitions')
    .values({
      organisation_id: runtime.organisationId,
      key: 'revenue',
      label: 'Revenue',
      type: 'number',
      options: '[]',
      source: 'system',
      created_at: Date.now(),
    })
    .execute();
}, 180_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const now = Date.now();
const rings = () => [
  {
    name: 'Core team',
    audience: { user_ids: [owner.userId] },
    opens_at: now,
    closes_at: now + 7 * day,
  },
  {
    name: 'All employees',
    audience: { roles: ['member'] },
    opens_at: now + 7 * day,
    closes_at: now + 14 * day,
    quorum: 15,
    questions: [
      { kind: 'scale', prompt: 'How fair is the fee?', options: ['unfair', 'fair'] },
      { kind: 'single', prompt: 'Which tier?', options: ['basic', 'premium'] },
    ],
  },
];

describe('creating a consultation', () => {
  it('reports every field problem and creates nothing', async () => {
    const before = await runtime.database.db.selectFrom('consultations').select('id').execute();
    const response = await call(owner, 'POST', '/api/v1/consultations', {
      title: 'Monthly fee',
      text: 'We plan a fee.',
      rings: [
        { name: 'Backwards', audience: {}, opens_at: now + day, closes_at: now },
        {
          name: 'Bad question',
          audience: { roles: ['member'] },
          opens_at: now,
          closes_at: now + day,
          questions: [
            { kind: 'single', prompt: 'Pick', options: ['only one'] },
            { kind: 'stance', prompt: 'Stance', required: false },
          ],
        },
        { name: 'Panel', audience: { panel_ids: [1] }, opens_at: now, closes_at: now + day },
      ],
    });
    expect(response.statusCode, response.body).toBe(400);
    const paths = (response.json().error.fields as { path: string }[]).map((field) => field.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body/rings/0/closes_at',
        'body/rings/0/audience',
        'body/rings/1/questions/0/options',
        'body/rings/1/questions/1/required',
        'body/rings/2/audience/panel_ids/0',
      ]),
    );
    const panelProblem = (response.json().error.fields as { path: string; message: string }[]).find(
      (field) => field.path === 'body/rings/2/audience/panel_ids/0',
    );
    expect(panelProblem?.message).toMatch(/no panel 1/);
    const after = await runtime.database.db.selectFrom('consultations').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('gives a new consultation the default rings', async () => {
    const created = await call(owner, 'POST', '/api/v1/consultations', {
      title: 'Defaults',
      text: 'Text',
    });
    expect(created.statusCode, created.body).toBe(201);
    const detail = await call(owner, 'GET', `/api/v1/consultations/${created.json().id}`);
    expect(detail.json().rings.map((ring: { name: string }) => ring.name)).toEqual([
      'Core team',
      'All employees',
      'Partners',
      'Customer panels',
      'Public',
    ]);
    // Every ring asks the stance (with its reason) first.
    for (const ring of detail.json().rings) expect(ring.questions[0].kind).toBe('stance');
  });

  it('is refused to members (403), who cannot run consultations', async () => {
    const response = await call(members[0] as Person, 'POST', '/api/v1/consultations', {
      title: 'x',
      text: 'y',
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('a fee change through the core team and the employees', () => {
  let id: number;
  let ringIds: number[];
  let employeeQuestions: { id: number; kind: string }[];

  it('runs ring by ring', async () => {
    const created = await call(owner, 'POST', '/api/v1/consultations', {
      title: 'A monthly account fee',
      text: 'From March every account pays a monthly fee of 4 euros.',
      rings: rings(),
    });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    const detail = (await call(owner, 'GET', `/api/v1/consultations/${id}`)).json();
    ringIds = detail.rings.map((ring: { id: number }) => ring.id);

    // The second ring cannot open before the first has its gate.
    expect(
      (await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ringIds[1]}/open`))
        .statusCode,
    ).toBe(409);
    expect(
      (await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ringIds[0]}/open`))
        .statusCode,
    ).toBe(204);
    // Members see nothing while only the core team is asked.
    expect(
      (await call(members[0] as Person, 'GET', `/api/v1/consultations/${id}`)).statusCode,
    ).toBe(404);

    const core = (await call(owner, 'GET', `/api/v1/consultations/${id}`)).json().rings[0];
    const answered = await call(
      owner,
      'PUT',
      `/api/v1/consultations/${id}/rings/${ringIds[0]}/response`,
      {
        request_id: 'core-answer-1',
        answers: stanceAnswer(core.questions, 'support', 'Costs went up.'),
      },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    // A gate needs a closed ring.
    expect(
      (
        await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ringIds[0]}/gate`, {
          decision: 'go',
          reason: 'ok',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ringIds[0]}/close`))
        .statusCode,
    ).toBe(204);
    const gate = await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ringIds[0]}/gate`, {
      decision: 'go',
      reason: 'The core team agrees',
    });
    expect(gate.statusCode, gate.body).toBe(204);
    const after = (await call(owner, 'GET', `/api/v1/consultations/${id}`)).json();
    expect(after.rings.map((ring: { state: string }) => ring.state)).toEqual(['gated', 'open']);
    expect(after.rings[1].version_id).toBe(after.current_version.id);
    employeeQuestions = after.rings[1].questions;
  });

  it('takes answers idempotently and keeps their history', async () => {
    const member = members[0] as Person;
    const url = `/api/v1/consultations/${id}/rings/${ringIds[1]}/response`;
    const body = {
      request_id: 'member0-first',
      answers: stanceAnswer(employeeQuestions, 'oppose', 'Customers will leave over the fee.'),
    };
    const [first, second] = await Promise.all([
      call(member, 'PUT', url, body),
      call(member, 'PUT', url, body),
    ]);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    expect(first.json().response.revision).toBe(1);
    expect(second.json().response.revision).toBe(1);
    // A second tab with its own request id changes the same response.
    const changed = await call(member, 'PUT', url, {
      request_id: 'member0-second-tab',
      answers: stanceAnswer(
        employeeQuestions,
        'block',
        'Customers will leave over the fee, and we lose trust.',
      ),
    });
    expect(changed.json().response.revision).toBe(2);
    expect(
      changed.json().response.history.map((entry: { revision: number }) => entry.revision),
    ).toEqual([1, 2]);
    const rows = await runtime.database.db
      .selectFrom('consultation_responses')
      .select('id')
      .where('ring_id', '=', ringIds[1] as number)
      .execute();
    expect(rows.length).toBe(1);

    const missingReason = await call(member, 'PUT', url, {
      request_id: 'member0-no-reason',
      answers: [{ question_id: employeeQuestions[0]?.id, stance: 'support' }],
    });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.json().error.fields[0].path).toBe('body/answers/0/reason');
  });

  it('aggregates results per segment with a divergence and a weighted split beside', async () => {
    const scale = employeeQuestions.find((question) => question.kind === 'scale') as { id: number };
    const single = employeeQuestions.find((question) => question.kind === 'single') as {
      id: number;
    };
    for (const [index, member] of members.entries()) {
      const sales = index < 10;
      const response = await call(
        member,
        'PUT',
        `/api/v1/consultations/${id}/rings/${ringIds[1]}/response`,
        {
          request_id: `member${index}-final`,
          answers: stanceAnswer(
            employeeQuestions,
            sales ? (index < 8 ? 'block' : 'oppose') : index < 18 ? 'support' : 'oppose',
            sales ? 'Our customers will leave because of the monthly fee' : 'Fair given the costs',
            {
              [scale.id]: { number: sales ? 1 : 4 },
              [single.id]: { option: sales ? 'basic' : 'premium' },
            },
          ),
        },
      );
      expect(response.statusCode, response.body).toBe(200);
    }
    const results = await call(
      owner,
      'GET',
      `/api/v1/consultations/${id}/results?segment=department&weight=revenue`,
    );
    expect(results.statusCode, results.body).toBe(200);
    const employees = results.json().data[1];
    expect(employees.responses).toBe(20);
    expect(employees.audience_size).toBe(20);
    expect(employees.turnout).toBe(1);
    expect(employees.stance).toEqual({ support: 8, support_with_changes: 0, oppose: 4, block: 8 });
    const bySegment = Object.fromEntries(
      employees.segments.map((segment: { segment: string; support_share: number }) => [
        segment.segment,
        segment.support_share,
      ]),
    );
    expect(bySegment).toEqual({ Sales: 0, Operations: 0.8 });
    const divergence = employees.divergences[0];
    expect(divergence.alert).toBe(true);
    expect(divergence.p_value).toBeLessThan(0.05);
    const fairness = employees.questions.find(
      (question: { kind: string }) => question.kind === 'scale',
    );
    expect(fairness.scale.mean).toBeCloseTo(2.5);
    expect(fairness.scale.low).toBeLessThan(2.5);
    // Weighted support: operations (revenue 11k..18k supporting) over all revenue.
    expect(employees.weighted.support_share).toBeCloseTo(
      (11 + 12 + 13 + 14 + 15 + 16 + 17 + 18) / 210,
    );
    expect(employees.support_share).toBe(0.4);

    // Segments below five people are merged into "other".
    const small = await call(owner, 'GET', `/api/v1/consultations/${id}/results?segment=revenue`);
    expect(
      small.json().data[1].segments.map((segment: { segment: string }) => segment.segment),
    ).toEqual(['other']);
    // A weight must be a number attribute.
    expect(
      (await call(owner, 'GET', `/api/v1/consultations/${id}/results?weight=department`))
        .statusCode,
    ).toBe(400);
  });

  it('holds the gate on a hot concern, then passes after a revision answers it', async () => {
    const close = await call(
      owner,
      'POST',
      `/api/v1/consultations/${id}/rings/${ringIds[1]}/close`,
    );
    expect(close.statusCode).toBe(204);
    // Closing the ring runs the divergence watch: the owner is told in the app.
    await runtime.worker.drain();
    const divergenceAlerts = await runtime.database.db
      .selectFrom('notifications')
      .select('data')
      .where('recipient_user_id', '=', owner.userId)
      .where('type', '=', 'consultation_divergence')
      .execute();
    expect(divergenceAlerts.length).toBe(1);
    expect(JSON.parse(divergenceAlerts[0]?.data as string).segments.sort()).toEqual([
      'Operations',
      'Sales',
    ]);
    const grouped = await call(
      owner,
      'POST',
      `/api/v1/consultations/${id}/rings/${ringIds[1]}/concerns/group`,
    );
    expect(grouped.statusCode, grouped.body).toBe(200);
    expect(grouped.json().concerns).toBeGreaterThan(0);
    const register = (await call(owner, 'GET', `/api/v1/consultations/${id}/concerns`)).json();
    expect(register.hot_rule).toMatch(/hot/);
    const hot = register.data.find(
      (concern: { hot: boolean; quotes: string[] }) =>
        concern.hot && concern.quotes.some((quote) => quote.includes('leave')),
    );
    expect(hot, JSON.stringify(register.data)).toBeDefined();
    expect(hot.segments).toEqual([{ segment: 'Sales', count: 10 }]);

    const refused = await call(
      owner,
      'POST',
      `/api/v1/consultations/${id}/rings/${ringIds[1]}/gate`,
      {
        decision: 'go',
        reason: 'Go ahead',
      },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('hot_concern_open');

    // Revise needs a new version first.
    const noVersion = await call(
      owner,
      'POST',
      `/api/v1/consultations/${id}/rings/${ringIds[1]}/gate`,
      {
        decision: 'revise',
        reason: 'Rework',
      },
    );
    expect(noVersion.statusCode).toBe(400);

    const version = await call(owner, 'POST', `/api/v1/consultations/${id}/versions`, {
      text: 'From March every account pays a monthly fee of 2 euros, waived for basic accounts.',
      answers_concerns: [hot.id],
    });
    expect(version.statusCode, version.body).toBe(201);
    const detail = (await call(owner, 'GET', `/api/v1/consultations/${id}`)).json();
    const diff = await call(
      owner,
      'GET',
      `/api/v1/consultations/${id}/diff?from=${detail.versions[0].id}&to=${detail.versions[1].id}`,
    );
    expect(diff.statusCode).toBe(200);
    expect(diff.json().segments).toContainEqual({ kind: 'delete', text: '4' });
    expect(diff.json().segments).toContainEqual({ kind: 'insert', text: '2' });
    expect(diff.json().answers_concerns.map((concern: { id: number }) => concern.id)).toEqual([
      hot.id,
    ]);

    const after = (await call(owner, 'GET', `/api/v1/consultations/${id}/concerns`)).json();
    expect(after.data.find((concern: { id: number }) => concern.id === hot.id).disposition).toBe(
      'changed',
    );

    // Other hot concerns, if any, are declined so the gate may pass; then revise repeats the ring.
    for (const concern of after.data.filter(
      (one: { hot: boolean; disposition: string }) => one.hot && one.disposition === 'open',
    )) {
      await call(owner, 'PATCH', `/api/v1/consultations/${id}/concerns/${concern.id}`, {
        disposition: 'declined',
        decline_reason: 'Out of scope',
      });
    }
    const revise = await call(
      owner,
      'POST',
      `/api/v1/consultations/${id}/rings/${ringIds[1]}/gate`,
      {
        decision: 'revise',
        reason: 'Lower fee, basic accounts waived',
      },
    );
    expect(revise.statusCode, revise.body).toBe(204);
    const repeated = (await call(owner, 'GET', `/api/v1/consultations/${id}`)).json();
    expect(
      repeated.rings.map((ring: { state: string; round: number }) => [ring.state, ring.round]),
    ).toEqual([
      ['gated', 1],
      ['gated', 1],
      ['open', 2],
    ]);
    expect(repeated.rings[2].version_id).toBe(repeated.versions[1].id);
    // The member now sees the new version and what changed.
    const seen = (await call(members[0] as Person, 'GET', `/api/v1/consultations/${id}`)).json();
    expect(seen.current_version.number).toBe(2);
    // Members are not in the core team: they see their two rounds, the first with its gate.
    expect(seen.rings.map((ring: { name: string }) => ring.name)).toEqual([
      'All employees',
      'All employees',
    ]);
    expect(seen.rings[0].gate.decision).toBe('revise');

    // A hot concern added by the owner blocks the go unless the owner records an override.
    const manual = await call(owner, 'POST', `/api/v1/consultations/${id}/concerns`, {
      ring_id: repeated.rings[2].id,
      label: 'Vulnerable customers',
      hot: true,
    });
    expect(manual.statusCode, manual.body).toBe(201);
    await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${repeated.rings[2].id}/close`);
    const overridden = await call(
      owner,
      'POST',
      `/api/v1/consultations/${id}/rings/${repeated.rings[2].id}/gate`,
      {
        decision: 'go',
        reason: 'Announce',
        override_reason: 'The hardship team covers vulnerable customers',
      },
    );
    expect(overridden.statusCode, overridden.body).toBe(204);
    const final = (await call(owner, 'GET', `/api/v1/consultations/${id}`)).json();
    expect(final.state).toBe('announced');
    expect(final.rings[2].gate.override_reason).toBe(
      'The hardship team covers vulnerable customers',
    );
    // Members who answered are told in the app.
    const told = await runtime.database.db
      .selectFrom('notifications')
      .select('recipient_user_id')
      .where('type', '=', 'consultation_outcome')
      .execute();
    // Everyone who answered (twenty members and the owner in the core ring) is told.
    expect(told.length).toBe(21);
  });

  it('hides names from everyone in anonymous mode', async () => {
    const created = await call(owner, 'POST', '/api/v1/consultations', {
      title: 'Anonymous',
      text: 'Text',
      anonymous: true,
      rings: [
        { name: 'Employees', audience: { roles: ['member'] }, opens_at: now, closes_at: now + day },
      ],
    });
    const anonymousId = created.json().id;
    const detail = (await call(owner, 'GET', `/api/v1/consultations/${anonymousId}`)).json();
    await call(
      owner,
      'POST',
      `/api/v1/consultations/${anonymousId}/rings/${detail.rings[0].id}/open`,
    );
    const ring = (await call(owner, 'GET', `/api/v1/consultations/${anonymousId}`)).json().rings[0];
    await call(
      members[1] as Person,
      'PUT',
      `/api/v1/consultations/${anonymousId}/rings/${ring.id}/response`,
      {
        request_id: 'anonymous-1',
        answers: stanceAnswer(ring.questions, 'support', 'Fine'),
      },
    );
    const reasons = (
      await call(owner, 'GET', `/api/v1/consultations/${anonymousId}/rings/${ring.id}/reasons`)
    ).json();
    expect(reasons.anonymous).toBe(true);
    expect(reasons.data[0].name).toBeNull();
    expect(reasons.data[0].reason).toBe('Fine');
  });

  it('tells the owner when turnout is below quorum with a day left', async () => {
    const created = await call(owner, 'POST', '/api/v1/consultations', {
      title: 'Closing soon',
      text: 'Text',
      rings: [
        {
          name: 'Employees',
          audience: { roles: ['member'] },
          opens_at: Date.now(),
          closes_at: Date.now() + day / 2,
          quorum: 10,
        },
      ],
    });
    const soonId = created.json().id;
    const ring = (await call(owner, 'GET', `/api/v1/consultations/${soonId}`)).json().rings[0];
    await call(owner, 'POST', `/api/v1/consultations/${soonId}/rings/${ring.id}/open`);
    await runtime.worker.drain();
    await runtime.worker.drain();
    const alerts = await runtime.database.db
      .selectFrom('notifications')
      .select('data')
      .where('type', '=', 'consultation_quorum')
      .execute();
    expect(alerts.map((alert) => JSON.parse(alert.data).ring_id)).toEqual([ring.id]);
  });
});
