import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type {
  CategoryKind,
  CategoryVisibility,
  IdeaStatus,
} from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf } from '../auth/index.js';
import { communityErrors } from './community.errors.js';
import {
  type CategoryValues,
  copyMarks,
  findCategoryById,
  findCategoryBySlug,
  findPost,
  insertCategory,
  markTopicMerged,
  recountVotes,
  setIdeaStatus,
  setPostHidden,
  updateCategory,
} from './community.repository.js';
import { visibleTopic } from './community.service.js';
import { type CommunityActor, isModerator } from './community-actor.js';

function requireModerator(actor: CommunityActor) {
  if (actor.kind !== 'staff' || !isModerator(actor)) {
    throw new AppError('forbidden', 'this needs the community:moderate permission');
  }
  return actor;
}

export interface CategoryInput {
  name: string;
  slug: string;
  description?: string;
  kind: CategoryKind;
  visibility: CategoryVisibility;
  position?: number;
  unanswered_hours?: number | null;
}

export async function createCategory(
  context: AppContext,
  actorIn: CommunityActor,
  input: CategoryInput,
): Promise<number> {
  const actor = requireModerator(actorIn);
  return withTransaction(context.database, async (trx) => {
    if (await findCategoryBySlug(trx, actor.organisationId, input.slug)) {
      throw communityErrors.error('community_slug_taken', 'another category has this slug', [
        { path: '/slug', message: 'choose another slug' },
      ]);
    }
    const values: CategoryValues = {
      name: input.name.trim(),
      slug: input.slug,
      description: input.description?.trim() ?? '',
      kind: input.kind,
      visibility: input.visibility,
      position: input.position ?? 0,
      unanswered_hours: input.unanswered_hours ?? null,
    };
    const id = await insertCategory(trx, actor.organisationId, values, Date.now());
    await recordAudit(trx, {
      organisationId: actor.organisationId,
      actor: actorOf(actor.principal),
      action: 'community.category_created',
      subjectType: 'community_category',
      subjectId: id,
      changes: { ...values },
    });
    return id;
  });
}

export async function changeCategory(
  context: AppContext,
  actorIn: CommunityActor,
  id: number,
  changes: Partial<CategoryInput>,
): Promise<void> {
  const actor = requireModerator(actorIn);
  await withTransaction(context.database, async (trx) => {
    const category = await findCategoryById(trx, actor.organisationId, id);
    if (!category) throw notFound('category');
    if (changes.slug !== undefined && changes.slug !== category.slug) {
      if (await findCategoryBySlug(trx, actor.organisationId, changes.slug)) {
        throw communityErrors.error('community_slug_taken', 'another category has this slug', [
          { path: '/slug', message: 'choose another slug' },
        ]);
      }
    }
    const values: Partial<CategoryValues> = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.slug !== undefined ? { slug: changes.slug } : {}),
      ...(changes.description !== undefined ? { description: changes.description.trim() } : {}),
      ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
      ...(changes.visibility !== undefined ? { visibility: changes.visibility } : {}),
      ...(changes.position !== undefined ? { position: changes.position } : {}),
      ...(changes.unanswered_hours !== undefined
        ? { unanswered_hours: changes.unanswered_hours }
        : {}),
    };
    await updateCategory(trx, actor.organisationId, id, values);
    await recordAudit(trx, {
      organisationId: actor.organisationId,
      actor: actorOf(actor.principal),
      action: 'community.category_updated',
      subjectType: 'community_category',
      subjectId: id,
      changes: { ...values },
    });
  });
}

/** Staff set an idea's status; declining needs a reason that voters will read. */
export async function changeIdeaStatus(
  context: AppContext,
  actorIn: CommunityActor,
  topicId: number,
  status: IdeaStatus | null,
  reasonIn: string | null | undefined,
): Promise<void> {
  const actor = requireModerator(actorIn);
  const { topic, category } = await visibleTopic(context, actor, topicId);
  if (category.kind !== 'ideas') {
    throw communityErrors.error('community_wrong_kind', 'only ideas have a status');
  }
  if (topic.state === 'merged') {
    throw communityErrors.error('community_topic_closed', 'this idea was merged into another');
  }
  const reason = reasonIn?.trim() || null;
  if (status === 'declined' && !reason) {
    throw new AppError('validation_failed', 'say why the idea is declined', [
      { path: '/reason', message: 'a declined idea needs a reason' },
    ]);
  }
  await withTransaction(context.database, async (trx) => {
    await setIdeaStatus(trx, topic.id, status, reason, Date.now());
    await recordAudit(trx, {
      organisationId: actor.organisationId,
      actor: actorOf(actor.principal),
      action: 'community.idea_status_changed',
      subjectType: 'community_topic',
      subjectId: topic.id,
      changes: { status: { from: topic.idea_status, to: status }, reason },
    });
  });
}

/**
 * Merges a duplicate idea into another: its voters and followers carry over (a person who had
 * voted for both counts once), and the duplicate is closed with a pointer to the one it joined.
 */
export async function mergeIdea(
  context: AppContext,
  actorIn: CommunityActor,
  duplicateId: number,
  intoId: number,
): Promise<{ votes: number }> {
  const actor = requireModerator(actorIn);
  if (duplicateId === intoId) {
    throw new AppError('validation_failed', 'an idea cannot be merged into itself', [
      { path: '/into_topic_id', message: 'choose another idea' },
    ]);
  }
  const duplicate = await visibleTopic(context, actor, duplicateId);
  const into = await visibleTopic(context, actor, intoId);
  if (duplicate.category.kind !== 'ideas' || into.category.kind !== 'ideas') {
    throw communityErrors.error('community_wrong_kind', 'only ideas are merged');
  }
  if (duplicate.topic.state === 'merged' || into.topic.state === 'merged') {
    throw communityErrors.error('community_topic_closed', 'one of these ideas is already merged');
  }
  return withTransaction(context.database, async (trx) => {
    const now = Date.now();
    await copyMarks(trx, 'community_topic_votes', actor.organisationId, duplicateId, intoId, now);
    await copyMarks(trx, 'community_topic_follows', actor.organisationId, duplicateId, intoId, now);
    const votes = await recountVotes(trx, intoId);
    await markTopicMerged(trx, duplicateId, intoId, now);
    await recordAudit(trx, {
      organisationId: actor.organisationId,
      actor: actorOf(actor.principal),
      action: 'community.idea_merged',
      subjectType: 'community_topic',
      subjectId: duplicateId,
      changes: { into_topic_id: intoId, votes_after: votes },
    });
    return { votes };
  });
}

export async function hidePost(
  context: AppContext,
  actorIn: CommunityActor,
  postId: number,
  hidden: boolean,
): Promise<void> {
  const actor = requireModerator(actorIn);
  const post = await findPost(context.database.db, actor.organisationId, postId);
  if (!post) throw notFound('post');
  await withTransaction(context.database, async (trx) => {
    await setPostHidden(trx, post.id, hidden, Date.now());
    await recordAudit(trx, {
      organisationId: actor.organisationId,
      actor: actorOf(actor.principal),
      action: hidden ? 'community.post_hidden' : 'community.post_shown',
      subjectType: 'community_post',
      subjectId: post.id,
      changes: {},
    });
  });
}
