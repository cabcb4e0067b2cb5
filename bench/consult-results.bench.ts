import os from 'node:os';
import { ringResults } from '../src/modules/consult/index.js';
import { createTestRuntime } from '../src/test/test-runtime.js';
import { figure, note } from './report.js';

/**
 * Results of one ring with 100,000 responses (stance, a scale and a single choice each, a
 * department attribute of 8 values): the results call (all GROUP BY in the database) timed 20
 * times, p50/p95 against the 200 ms ceiling. SQLite by default; PostgreSQL with DATABASE_URL.
 */
const responses = Number(process.env.CONSULT_BENCH_RESPONSES ?? 100_000);
const runs = 20;

const runtime = await createTestRuntime();
const insertQuestion = (
  values: Parameters<
    ReturnType<typeof runtime.database.db.insertInto<'consultation_questions'>>['values']
  >[0],
) =>
  runtime.database.db
    .insertInto('consultation_questions')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
try {
  const db = runtime.database.db;
  const organisationId = runtime.organisationId;
  const now = Date.now();
  const consultation = await db
    .insertInto('consultations')
    .values({
      organisation_id: organisationId,
      title: 'Bench',
      owner_user_id: 1,
      state: 'running',
      anonymous: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ring = await db
    .insertInto('consultation_rings')
    .values({
      organisation_id: organisationId,
      consultation_id: consultation.id,
      ordinal: 1,
      round: 1,
      name: 'Everyone',
      audience: JSON.stringify({ roles: ['member'] }),
      opens_at: now,
      closes_at: now + 86_400_000,
      quorum: 1000,
      state: 'open',
      version_id: 1,
      opened_at: now,
      closed_at: null,
      quorum_alerted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const questions: Awaited<ReturnType<typeof insertQuestion>>[] = [];
  for (const [position, kind, options] of [
    [0, 'stance', ['support', 'support_with_changes', 'oppose', 'block']],
    [1, 'scale', []],
    [2, 'single', ['basic', 'premium', 'business']],
  ] as const) {
    questions.push(
      await db
        .insertInto('consultation_questions')
        .values({
          organisation_id: organisationId,
          ring_id: ring.id,
          position,
          kind,
          prompt: kind,
          options: JSON.stringify(options),
          required: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  const stances = ['support', 'support_with_changes', 'oppose', 'block'] as const;
  const seedStarted = performance.now();
  const batch = 500;
  for (let start = 0; start < responses; start += batch) {
    const size = Math.min(batch, responses - start);
    const contacts = await db
      .insertInto('contacts')
      .values(
        Array.from({ length: size }, (_, index) => ({
          organisation_id: organisationId,
          name: `P${start + index}`,
          merged_into_id: null,
          tier: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('contact_attributes')
      .values(
        contacts.map((contact, index) => ({
          organisation_id: organisationId,
          contact_id: contact.id,
          key: 'department',
          value: `D${(start + index) % 8}`,
          updated_at: now,
        })),
      )
      .execute();
    const inserted = await db
      .insertInto('consultation_responses')
      .values(
        contacts.map((contact, index) => ({
          organisation_id: organisationId,
          consultation_id: consultation.id,
          ring_id: ring.id,
          person_key: `contact:${contact.id}`,
          contact_id: contact.id,
          user_id: null,
          stance: stances[(start + index) % 4] as (typeof stances)[number],
          reason: 'Because',
          answers: '[]',
          request_id: `r${start + index}`,
          revision: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'contact_id'])
      .execute();
    await db
      .insertInto('consultation_answer_values')
      .values(
        inserted.flatMap((response, index) => [
          {
            response_id: response.id,
            ring_id: ring.id,
            question_id: questions[1]?.id as number,
            contact_id: response.contact_id,
            option: null,
            number: ((start + index) % 5) + 1,
          },
          {
            response_id: response.id,
            ring_id: ring.id,
            question_id: questions[2]?.id as number,
            contact_id: response.contact_id,
            option: ['basic', 'premium', 'business'][(start + index) % 3] as string,
            number: null,
          },
        ]),
      )
      .execute();
  }
  figure('seed_seconds', Math.round((performance.now() - seedStarted) / 100) / 10);
  const options = { segmentKey: 'department', weightKey: null, threshold: 0.2 };
  await ringResults(db, organisationId, ring, questions, options);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = await ringResults(db, organisationId, ring, questions, options);
    times.push(performance.now() - started);
    if (result.responses !== responses)
      throw new Error(`expected ${responses} responses, got ${result.responses}`);
  }
  times.sort((a, b) => a - b);
  const percentile = (p: number) =>
    times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] as number;
  figure('database', runtime.database.dialect);
  figure('responses', responses);
  figure('results_p50_ms', Math.round(percentile(50)));
  figure('results_p95_ms', Math.round(percentile(95)));
  figure('ceiling_ms', 200);
  figure('load_average_1m', os.loadavg()[0]?.toFixed(2) ?? '?');
  note('results with a department segment (8 values), a scale and a single choice; all GROUP BY');
} finally {
  await runtime.close();
}
