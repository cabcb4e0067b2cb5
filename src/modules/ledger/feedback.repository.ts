import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type {
  Database,
  DecisionState,
  FeedbackSourceKind,
} from '../../platform/database/schema.js';

type Db = Kysely<Database>;

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

/**
 * What the credibility report is computed from: the feedback said in [from, to), the items'
 * links, and the linked decisions' events up to `asOf`.
 */
export async function credibilityFacts(
  db: Db,
  organisationId: number,
  range: { from: number; to: number; asOf: number },
) {
  const items = await db
    .selectFrom('feedback_items')
    .select(['id', 'said_at', 'team_id', 'channel'])
    .where('organisation_id', '=', organisationId)
    .where('said_at', '>=', range.from)
    .where('said_at', '<', range.to)
    .execute();
  const links = await db
    .selectFrom('decision_links as l')
    .innerJoin('feedback_items as f', 'f.id', 'l.feedback_item_id')
    .select(['l.feedback_item_id', 'l.decision_id'])
    .where('f.organisation_id', '=', organisationId)
    .where('f.said_at', '>=', range.from)
    .where('f.said_at', '<', range.to)
    .execute();
  const decisionIds = [...new Set(links.map((link) => link.decision_id))];
  const events = [];
  for (const chunk of chunksOf(decisionIds)) {
    events.push(
      ...(await db
        .selectFrom('decision_events')
        .select(['id', 'decision_id', 'kind', 'to_state', 'outcome', 'published', 'created_at'])
        .where('organisation_id', '=', organisationId)
        .where('decision_id', 'in', chunk)
        .where('created_at', '<=', range.asOf)
        .execute()),
    );
  }
  return { items, links, events };
}

/** Open decisions (not merged) linked to any of these messages, with how many of them each has. */
export async function openDecisionsLinkedTo(
  db: Db,
  organisationId: number,
  messageIds: readonly number[],
) {
  const counts = new Map<
    number,
    { id: number; title: string; state: DecisionState; hits: Set<number> }
  >();
  for (const chunk of chunksOf(messageIds)) {
    const rows = await db
      .selectFrom('feedback_items as f')
      .innerJoin('decision_links as l', 'l.feedback_item_id', 'f.id')
      .innerJoin('decisions as d', 'd.id', 'l.decision_id')
      .select(['d.id', 'd.title', 'd.state', 'f.source_id'])
      .where('f.organisation_id', '=', organisationId)
      .where('f.source_kind', '=', 'message')
      .where('f.source_id', 'in', chunk)
      .where('d.state', '!=', 'merged')
      .execute();
    for (const row of rows) {
      const entry = counts.get(row.id) ?? {
        id: row.id,
        title: row.title,
        state: row.state,
        hits: new Set(),
      };
      if (row.source_id !== null) entry.hits.add(row.source_id);
      counts.set(row.id, entry);
    }
  }
  return [...counts.values()];
}
