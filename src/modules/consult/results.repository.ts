import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/**
 * Results are aggregated by the database (GROUP BY over the ring's responses and answer values,
 * joined to one contact attribute for the segment); the application only merges small segments
 * and computes intervals from the sums. A ring with 100,000 responses never loads them.
 */
const noSegment = '(all)';

export async function stanceCounts(
  db: Kysely<Database>,
  organisationId: number,
  ringId: number,
  segmentKey: string | null,
): Promise<{ segment: string; stance: string; count: number }[]> {
  if (segmentKey === null) {
    const rows = await db
      .selectFrom('consultation_responses as r')
      .select(['r.stance', (eb) => eb.fn.countAll<number>().as('count')])
      .where('r.ring_id', '=', ringId)
      .groupBy('r.stance')
      .execute();
    return rows.map((row) => ({
      segment: noSegment,
      stance: row.stance,
      count: Number(row.count),
    }));
  }
  const rows = await db
    .selectFrom('consultation_responses as r')
    .leftJoin('contact_attributes as a', (join) =>
      join
        .onRef('a.contact_id', '=', 'r.contact_id')
        .on('a.organisation_id', '=', organisationId)
        .on('a.key', '=', segmentKey),
    )
    .select([
      sql<string>`coalesce(a.value, '(none)')`.as('segment'),
      'r.stance',
      (eb) => eb.fn.countAll<number>().as('count'),
    ])
    .where('r.ring_id', '=', ringId)
    .groupBy([sql`coalesce(a.value, '(none)')`, 'r.stance'])
    .execute();
  return rows.map((row) => ({
    segment: row.segment,
    stance: row.stance,
    count: Number(row.count),
  }));
}

/** Sum of a numeric attribute per stance (weighting shown beside the plain counts). */
export async function weightedStances(
  db: Kysely<Database>,
  organisationId: number,
  ringId: number,
  weightKey: string,
): Promise<{ stance: string; weight: number; weighed: number }[]> {
  const rows = await db
    .selectFrom('consultation_responses as r')
    .innerJoin('contact_attributes as w', (join) =>
      join
        .onRef('w.contact_id', '=', 'r.contact_id')
        .on('w.organisation_id', '=', organisationId)
        .on('w.key', '=', weightKey),
    )
    .select([
      'r.stance',
      sql<number>`sum(cast(w.value as real))`.as('weight'),
      (eb) => eb.fn.countAll<number>().as('weighed'),
    ])
    .where('r.ring_id', '=', ringId)
    .groupBy('r.stance')
    .execute();
  return rows.map((row) => ({
    stance: row.stance,
    weight: Number(row.weight),
    weighed: Number(row.weighed),
  }));
}

export async function scaleSums(
  db: Kysely<Database>,
  organisationId: number,
  ringId: number,
  segmentKey: string | null,
): Promise<
  { question_id: number; segment: string; count: number; sum: number; squares: number }[]
> {
  const query = db
    .selectFrom('consultation_answer_values as v')
    .where('v.ring_id', '=', ringId)
    .where('v.number', 'is not', null);
  if (segmentKey !== null) {
    const rows = await query
      .leftJoin('contact_attributes as a', (join) =>
        join
          .onRef('a.contact_id', '=', 'v.contact_id')
          .on('a.organisation_id', '=', organisationId)
          .on('a.key', '=', segmentKey),
      )
      .select([
        'v.question_id',
        sql<string>`coalesce(a.value, '(none)')`.as('segment'),
        (eb) => eb.fn.countAll<number>().as('count'),
        sql<number>`sum(v.number)`.as('sum'),
        sql<number>`sum(v.number * v.number)`.as('squares'),
      ])
      .groupBy(['v.question_id', sql`coalesce(a.value, '(none)')`])
      .execute();
    return rows.map((row) => ({
      question_id: Number(row.question_id),
      segment: row.segment,
      count: Number(row.count),
      sum: Number(row.sum),
      squares: Number(row.squares),
    }));
  }
  const rows = await query
    .select([
      'v.question_id',
      (eb) => eb.fn.countAll<number>().as('count'),
      sql<number>`sum(v.number)`.as('sum'),
      sql<number>`sum(v.number * v.number)`.as('squares'),
    ])
    .groupBy('v.question_id')
    .execute();
  return rows.map((row) => ({
    question_id: Number(row.question_id),
    segment: noSegment,
    count: Number(row.count),
    sum: Number(row.sum),
    squares: Number(row.squares),
  }));
}

export async function choiceCounts(
  db: Kysely<Database>,
  organisationId: number,
  ringId: number,
  segmentKey: string | null,
): Promise<{ question_id: number; segment: string; option: string; count: number }[]> {
  const base = db
    .selectFrom('consultation_answer_values as v')
    .where('v.ring_id', '=', ringId)
    .where('v.option', 'is not', null);
  if (segmentKey !== null) {
    const rows = await base
      .leftJoin('contact_attributes as a', (join) =>
        join
          .onRef('a.contact_id', '=', 'v.contact_id')
          .on('a.organisation_id', '=', organisationId)
          .on('a.key', '=', segmentKey),
      )
      .select([
        'v.question_id',
        sql<string>`coalesce(a.value, '(none)')`.as('segment'),
        'v.option',
        (eb) => eb.fn.countAll<number>().as('count'),
      ])
      .groupBy(['v.question_id', sql`coalesce(a.value, '(none)')`, 'v.option'])
      .execute();
    return rows.map((row) => ({
      question_id: Number(row.question_id),
      segment: row.segment,
      option: row.option as string,
      count: Number(row.count),
    }));
  }
  const rows = await base
    .select(['v.question_id', 'v.option', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['v.question_id', 'v.option'])
    .execute();
  return rows.map((row) => ({
    question_id: Number(row.question_id),
    segment: noSegment,
    option: row.option as string,
    count: Number(row.count),
  }));
}

export async function attributeType(
  db: Kysely<Database>,
  organisationId: number,
  key: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('attribute_definitions')
    .select('type')
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.type;
}

export async function hasNotification(
  db: Kysely<Database>,
  organisationId: number,
  userId: number,
  type: string,
  data: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('notifications')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('recipient_user_id', '=', userId)
    .where('type', '=', type)
    .where('data', '=', data)
    .executeTakeFirst();
  return row !== undefined;
}
