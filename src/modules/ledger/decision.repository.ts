import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { DialectName } from '../../platform/database/connection.js';
import type {
  Database,
  DecisionEventKind,
  DecisionOutcome,
  DecisionState,
} from '../../platform/database/schema.js';

type Db = Kysely<Database>;

const decisionColumns = [
  'id',
  'title',
  'public_description',
  'owner_user_id',
  'team_id',
  'state',
  'outcome',
  'merged_into_id',
  'created_at',
  'updated_at',
] as const;

export type DecisionRow = Awaited<ReturnType<typeof findDecision>> & {};

export async function insertDecision(
  db: Db,
  organisationId: number,
  values: {
    title: string;
    publicDescription: string;
    ownerUserId: number | null;
    teamId: number | null;
    now: number;
  },
) {
  return db
    .insertInto('decisions')
    .values({
      organisation_id: organisationId,
      title: values.title,
      public_description: values.publicDescription,
      owner_user_id: values.ownerUserId,
      team_id: values.teamId,
      state: 'received',
      outcome: null,
      merged_into_id: null,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning(decisionColumns)
    .executeTakeFirstOrThrow();
}

/** The decision, locked against concurrent changes on PostgreSQL (SQLite serialises writers). */
export async function findDecision(db: Db, organisationId: number, id: number, lock?: DialectName) {
  let query = db
    .selectFrom('decisions')
    .select(decisionColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id);
  if (lock === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateDecision(
  db: Db,
  organisationId: number,
  id: number,
  changes: Partial<{
    title: string;
    public_description: string;
    owner_user_id: number | null;
    team_id: number | null;
    state: DecisionState;
    outcome: DecisionOutcome | null;
    merged_into_id: number | null;
  }>,
  now: number,
) {
  await db
    .updateTable('decisions')
    .set({ ...changes, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function listDecisions(
  db: Db,
  organisationId: number,
  filter: {
    state?: DecisionState | undefined;
    teamId?: number | undefined;
    ownerUserId?: number | undefined;
    beforeId?: number | undefined;
    limit: number;
  },
) {
  let query = db
    .selectFrom('decisions')
    .select(decisionColumns)
    .where('organisation_id', '=', organisationId);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
  if (filter.ownerUserId !== undefined)
    query = query.where('owner_user_id', '=', filter.ownerUserId);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Feedback items and distinct people linked to each decision. */
export async function countLinks(db: Db, decisionIds: readonly number[]) {
  const counts = new Map<number, { feedback: number; people: number }>();
  for (const chunk of chunksOf(decisionIds)) {
    const rows = await db
      .selectFrom('decision_links as l')
      .innerJoin('feedback_items as f', 'f.id', 'l.feedback_item_id')
      .select((eb) => [
        'l.decision_id',
        eb.fn.countAll<number>().as('feedback'),
        eb.fn.count<number>('f.contact_id').distinct().as('people'),
      ])
      .where('l.decision_id', 'in', chunk)
      .groupBy('l.decision_id')
      .execute();
    for (const row of rows) {
      counts.set(row.decision_id, { feedback: Number(row.feedback), people: Number(row.people) });
    }
  }
  return counts;
}

export interface NewDecisionEvent {
  decisionId: number;
  kind: DecisionEventKind;
  fromState?: DecisionState | null;
  toState?: DecisionState | null;
  outcome?: DecisionOutcome | null;
  reason?: string | null;
  publicNote?: string | null;
  published?: boolean;
  feedbackItemIds?: number[];
  otherDecisionId?: number;
  actorUserId: number | null;
  now: number;
}

export async function insertDecisionEvents(
  db: Db,
  organisationId: number,
  events: readonly NewDecisionEvent[],
) {
  if (events.length === 0) return [];
  const rows = await db
    .insertInto('decision_events')
    .values(
      events.map((event) => ({
        organisation_id: organisationId,
        decision_id: event.decisionId,
        kind: event.kind,
        from_state: event.fromState ?? null,
        to_state: event.toState ?? null,
        outcome: event.outcome ?? null,
        reason: event.reason ?? null,
        public_note: event.publicNote ?? null,
        published: event.published ? 1 : 0,
        data: JSON.stringify({
          feedback_item_ids: event.feedbackItemIds ?? [],
          other_decision_id: event.otherDecisionId ?? null,
        }),
        actor_user_id: event.actorUserId,
        created_at: event.now,
      })),
    )
    .returning('id')
    .execute();
  // Multi-row VALUES return their ids in the order given, on both databases.
  return rows.map((row) => Number(row.id));
}

export async function listDecisionEvents(db: Db, organisationId: number, decisionId: number) {
  return db
    .selectFrom('decision_events')
    .select([
      'id',
      'kind',
      'from_state',
      'to_state',
      'outcome',
      'reason',
      'public_note',
      'published',
      'data',
      'actor_user_id',
      'created_at',
    ])
    .where('organisation_id', '=', organisationId)
    .where('decision_id', '=', decisionId)
    .orderBy('id')
    .execute();
}
