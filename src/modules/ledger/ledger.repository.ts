import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { DialectName } from '../../platform/database/connection.js';
import type {
  Database,
  DecisionEventKind,
  DecisionOutcome,
  DecisionState,
  FeedbackSourceKind,
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
  if (events.length === 0) return;
  await db
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
    .execute();
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

export interface NewFeedbackItem {
  sourceKind: FeedbackSourceKind;
  sourceId: number | null;
  contactId: number | null;
  conversationId: number | null;
  channel: string | null;
  teamId: number | null;
  note: string | null;
  saidAt: number;
  createdByUserId: number | null;
  now: number;
}

function feedbackValues(organisationId: number, item: NewFeedbackItem) {
  return {
    organisation_id: organisationId,
    source_kind: item.sourceKind,
    source_id: item.sourceId,
    contact_id: item.contactId,
    conversation_id: item.conversationId,
    channel: item.channel,
    team_id: item.teamId,
    note: item.note,
    said_at: item.saidAt,
    created_by_user_id: item.createdByUserId,
    created_at: item.now,
  };
}

/**
 * The feedback items of these sources, creating the missing ones. A source already turned into
 * feedback (by another agent, for another decision) keeps its one item.
 */
export async function ensureFeedbackItems(
  db: Db,
  organisationId: number,
  sourceKind: FeedbackSourceKind,
  items: readonly NewFeedbackItem[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunksOf(items)) {
    await db
      .insertInto('feedback_items')
      .values(chunk.map((item) => feedbackValues(organisationId, item)))
      .onConflict((conflict) =>
        conflict.columns(['organisation_id', 'source_kind', 'source_id']).doNothing(),
      )
      .execute();
    const rows = await db
      .selectFrom('feedback_items')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('source_kind', '=', sourceKind)
      .where(
        'source_id',
        'in',
        chunk.map((item) => item.sourceId ?? -1),
      )
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

export async function insertManualFeedbackItem(
  db: Db,
  organisationId: number,
  item: NewFeedbackItem,
) {
  const row = await db
    .insertInto('feedback_items')
    .values(feedbackValues(organisationId, item))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Of these feedback items, the ones that belong to the organisation. */
export async function findFeedbackItemIds(
  db: Db,
  organisationId: number,
  ids: readonly number[],
): Promise<number[]> {
  const found: number[] = [];
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .selectFrom('feedback_items')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', chunk)
      .execute();
    found.push(...rows.map((row) => row.id));
  }
  return found;
}

export async function linkedItemIds(db: Db, decisionId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('decision_links')
    .select('feedback_item_id')
    .where('decision_id', '=', decisionId)
    .execute();
  return new Set(rows.map((row) => row.feedback_item_id));
}

export async function insertLinks(
  db: Db,
  organisationId: number,
  decisionId: number,
  itemIds: readonly number[],
  link: { via: string; userId: number | null; now: number },
) {
  for (const chunk of chunksOf(itemIds)) {
    await db
      .insertInto('decision_links')
      .values(
        chunk.map((feedbackItemId) => ({
          organisation_id: organisationId,
          decision_id: decisionId,
          feedback_item_id: feedbackItemId,
          via: link.via,
          linked_by_user_id: link.userId,
          created_at: link.now,
        })),
      )
      .onConflict((conflict) => conflict.columns(['decision_id', 'feedback_item_id']).doNothing())
      .execute();
  }
}

export async function deleteLinks(db: Db, decisionId: number, itemIds: readonly number[]) {
  let deleted = 0;
  for (const chunk of chunksOf(itemIds)) {
    const result = await db
      .deleteFrom('decision_links')
      .where('decision_id', '=', decisionId)
      .where('feedback_item_id', 'in', chunk)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

export async function listLinkedFeedback(db: Db, organisationId: number, decisionId: number) {
  return db
    .selectFrom('decision_links as l')
    .innerJoin('feedback_items as f', 'f.id', 'l.feedback_item_id')
    .select([
      'f.id',
      'f.source_kind',
      'f.source_id',
      'f.contact_id',
      'f.conversation_id',
      'f.channel',
      'f.team_id',
      'f.note',
      'f.said_at',
      'l.via',
      'l.created_at as linked_at',
    ])
    .where('l.organisation_id', '=', organisationId)
    .where('l.decision_id', '=', decisionId)
    .orderBy('f.said_at')
    .orderBy('f.id')
    .execute();
}

/** The decisions a message's feedback is linked to (the conversation view shows them). */
export async function decisionsOfMessage(db: Db, organisationId: number, messageId: number) {
  return db
    .selectFrom('feedback_items as f')
    .innerJoin('decision_links as l', 'l.feedback_item_id', 'f.id')
    .innerJoin('decisions as d', 'd.id', 'l.decision_id')
    .select(['d.id', 'd.title', 'd.state'])
    .where('f.organisation_id', '=', organisationId)
    .where('f.source_kind', '=', 'message')
    .where('f.source_id', '=', messageId)
    .orderBy('d.id')
    .execute();
}
