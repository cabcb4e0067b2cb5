import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { CategoryVisibility } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { whoHasConsent } from '../people/index.js';
import { renderMarkdown } from '../portal/index.js';
import { communityErrors } from './community.errors.js';
import {
  addMark,
  adjustLikes,
  adjustVotes,
  type CategoryRow,
  findCategoryById,
  findCategoryBySlug,
  findPost,
  findTopic,
  firstPostOf,
  hasMark,
  insertPost,
  insertRevision,
  insertTopic,
  likedPosts,
  listCategories,
  listPosts,
  listRecentTopics,
  listRevisions,
  listTopics,
  type MarkTable,
  namesOf,
  profileOf,
  removeMark,
  setAcceptedPost,
  type TopicRow,
  topicPosted,
  updatePostBody,
} from './community.repository.js';
import {
  type CommunityActor,
  isModerator,
  personOf,
  type SignedInActor,
  visibilitiesOf,
} from './community-actor.js';
import { bridgePostToListening } from './community-listening.js';
import { indexPost } from './community-search.repository.js';

export const topicsPerPage = 30;
export const postsPerPage = 100;

/** Control characters other than tab and line breaks (search highlighting uses two of them). */
function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return true;
  }
  return false;
}

function checkText(
  value: string,
  field: string,
  min: number,
  max: number,
  singleLine: boolean,
): string {
  const trimmed = value.trim();
  const problem =
    trimmed.length < min
      ? `write at least ${min} characters`
      : trimmed.length > max
        ? `write at most ${max} characters`
        : hasControlCharacters(trimmed) || (singleLine && /[\r\n]/.test(trimmed))
          ? 'remove the control characters'
          : null;
  if (problem) {
    throw new AppError('validation_failed', `the ${field} is not valid`, [
      { path: `/${field}`, message: problem },
    ]);
  }
  return trimmed;
}

export const checkTitle = (title: string) => checkText(title, 'title', 3, 200, true);
export const checkBody = (body: string) => checkText(body, 'body', 1, 20_000, false);

function requireSignedIn(actor: CommunityActor): SignedInActor {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'sign in to do this');
  if (actor.kind === 'staff' && !actor.principal.permissions.has('community:write')) {
    throw new AppError('forbidden', 'this needs the community:write permission');
  }
  return actor;
}

function canSee(actor: CommunityActor, visibility: CategoryVisibility): boolean {
  return visibilitiesOf(actor).includes(visibility);
}

/** A category the actor may see; any other (or none) is "not found", never "forbidden". */
function visibleCategory(actor: CommunityActor, category: CategoryRow | undefined): CategoryRow {
  if (!category || !canSee(actor, category.visibility)) throw notFound('category');
  return category;
}

export async function categoryBySlug(context: AppContext, actor: CommunityActor, slug: string) {
  return visibleCategory(
    actor,
    await findCategoryBySlug(context.database.db, actor.organisationId, slug),
  );
}

export async function categoryById(context: AppContext, actor: CommunityActor, id: number) {
  return visibleCategory(
    actor,
    await findCategoryById(context.database.db, actor.organisationId, id),
  );
}

/** A topic and its category, when the actor may see them. */
export async function visibleTopic(
  context: AppContext,
  actor: CommunityActor,
  topicId: number,
): Promise<{ topic: TopicRow; category: CategoryRow }> {
  const topic = await findTopic(context.database.db, actor.organisationId, topicId);
  if (!topic) throw notFound('topic');
  const category = await findCategoryById(
    context.database.db,
    actor.organisationId,
    topic.category_id,
  );
  if (!category || !canSee(actor, category.visibility)) throw notFound('topic');
  return { topic, category };
}

async function visiblePost(context: AppContext, actor: CommunityActor, postId: number) {
  const post = await findPost(context.database.db, actor.organisationId, postId);
  if (!post || (post.hidden && !isModerator(actor))) throw notFound('post');
  const { topic, category } = await visibleTopic(context, actor, post.topic_id).catch(() => {
    throw notFound('post');
  });
  return { post, topic, category };
}

export async function visibleCategories(context: AppContext, actor: CommunityActor) {
  return listCategories(context.database.db, actor.organisationId, visibilitiesOf(actor));
}

export interface AuthorNames {
  userName(id: number | null): string | null;
  contactName(id: number | null): string | null;
}

/**
 * Names shown beside topics and posts. Employees are named; a customer is named only with the
 * `public_name` consent (docs/engagement.md §2), otherwise "Community member".
 */
async function authorNames(
  context: AppContext,
  organisationId: number,
  rows: readonly { author_user_id: number | null; author_contact_id: number | null }[],
): Promise<AuthorNames> {
  const userIds = [
    ...new Set(rows.flatMap((row) => (row.author_user_id ? [row.author_user_id] : []))),
  ];
  const contactIds = [
    ...new Set(rows.flatMap((row) => (row.author_contact_id ? [row.author_contact_id] : []))),
  ];
  const db = context.database.db;
  const [names, named] = await Promise.all([
    namesOf(db, organisationId, userIds, contactIds),
    whoHasConsent(db, organisationId, contactIds, 'public_name', Date.now()),
  ]);
  return {
    userName: (id) => (id === null ? null : (names.users.get(id) ?? 'Former employee')),
    contactName: (id) =>
      id === null
        ? null
        : named.has(id)
          ? (names.contacts.get(id) ?? 'Community member')
          : 'Community member',
  };
}

export async function categoryPage(
  context: AppContext,
  actor: CommunityActor,
  category: CategoryRow,
  before: { lastPostedAt: number; id: number } | null,
) {
  const rows = await listTopics(
    context.database.db,
    actor.organisationId,
    category.id,
    topicsPerPage + 1,
    before,
  );
  const topics = rows.slice(0, topicsPerPage);
  const last = topics.at(-1);
  return {
    category,
    topics,
    names: await authorNames(context, actor.organisationId, topics),
    next:
      rows.length > topicsPerPage && last
        ? { lastPostedAt: last.last_posted_at, id: last.id }
        : null,
  };
}

export async function recentTopics(context: AppContext, actor: CommunityActor, limit: number) {
  const categories = await visibleCategories(context, actor);
  const topics = await listRecentTopics(
    context.database.db,
    actor.organisationId,
    categories.map((category) => category.id),
    limit,
  );
  return { categories, topics };
}

export async function topicPage(
  context: AppContext,
  actor: CommunityActor,
  topicId: number,
  afterId = 0,
) {
  const { topic, category } = await visibleTopic(context, actor, topicId);
  const db = context.database.db;
  const rows = await listPosts(db, topic.id, {
    includeHidden: isModerator(actor),
    afterId,
    limit: postsPerPage + 1,
  });
  const posts = rows.slice(0, postsPerPage);
  // The accepted answer leads an answered question, wherever it is in the thread.
  const accepted =
    topic.accepted_post_id === null
      ? null
      : (posts.find((post) => post.id === topic.accepted_post_id) ??
        (await listPosts(db, topic.id, {
          includeHidden: isModerator(actor),
          afterId: topic.accepted_post_id - 1,
          limit: 1,
        }).then((found) => found.find((post) => post.id === topic.accepted_post_id) ?? null)));
  const person = actor.kind === 'anonymous' ? null : personOf(actor);
  const [liked, voted, following, names, mergedInto] = await Promise.all([
    person
      ? likedPosts(
          db,
          posts.map((post) => post.id),
          person,
        )
      : new Set<number>(),
    person ? hasMark(db, 'community_topic_votes', topic.id, person) : false,
    person ? hasMark(db, 'community_topic_follows', topic.id, person) : false,
    authorNames(context, actor.organisationId, [...posts, ...(accepted ? [accepted] : [])]),
    topic.merged_into_id === null
      ? null
      : findTopic(db, actor.organisationId, topic.merged_into_id),
  ]);
  return {
    topic,
    category,
    posts,
    accepted,
    liked,
    voted,
    following,
    names,
    mergedInto: mergedInto ?? null,
    nextAfterId: rows.length > postsPerPage ? (posts.at(-1)?.id ?? null) : null,
    canAccept: canAcceptIn(actor, topic, category),
  };
}

function isTopicAuthor(actor: CommunityActor, topic: TopicRow): boolean {
  if (actor.kind === 'staff') return topic.author_user_id === actor.userId;
  if (actor.kind === 'participant') return topic.author_contact_id === actor.contactId;
  return false;
}

function canAcceptIn(actor: CommunityActor, topic: TopicRow, category: CategoryRow): boolean {
  return category.kind === 'qa' && (isModerator(actor) || isTopicAuthor(actor, topic));
}

function authorColumns(actor: SignedInActor) {
  return actor.kind === 'staff'
    ? { authorUserId: actor.userId, authorContactId: null }
    : { authorUserId: null, authorContactId: actor.contactId };
}

function searchTextOf(title: string | null, body: string): string {
  return title === null ? body : `${title}\n${body}`;
}

export async function createTopic(
  context: AppContext,
  actorIn: CommunityActor,
  input: { categoryId: number; title: string; body: string },
): Promise<{ topicId: number; postId: number }> {
  const actor = requireSignedIn(actorIn);
  const category = await categoryById(context, actor, input.categoryId);
  if (category.kind === 'announcements' && !isModerator(actor)) {
    throw new AppError('forbidden', 'only moderators start topics in announcements');
  }
  const title = checkTitle(input.title);
  const body = checkBody(input.body);
  const now = Date.now();
  const bodyHtml = renderMarkdown(body);
  return withTransaction(context.database, async (trx) => {
    const topicId = await insertTopic(trx, actor.organisationId, {
      categoryId: category.id,
      title,
      now,
      ...authorColumns(actor),
    });
    const searchText = searchTextOf(title, body);
    const postId = await insertPost(trx, actor.organisationId, {
      topicId,
      isStaff: actor.kind === 'staff',
      body,
      bodyHtml,
      searchText,
      now,
      ...authorColumns(actor),
    });
    await topicPosted(trx, topicId, now);
    await indexPost(trx, context.database.dialect, postId, searchText);
    await addMark(
      trx,
      'community_topic_follows',
      actor.organisationId,
      topicId,
      personOf(actor),
      now,
    );
    await bridgePostToListening(trx, actor, {
      postId,
      topicId,
      firstPostId: null,
      text: `${title}\n\n${body}`,
      now,
    });
    return { topicId, postId };
  });
}

function requireOpen(topic: TopicRow): void {
  if (topic.state !== 'open') {
    throw communityErrors.error(
      'community_topic_closed',
      topic.state === 'merged' ? 'this topic was merged into another' : 'this topic is closed',
    );
  }
}

export async function replyToTopic(
  context: AppContext,
  actorIn: CommunityActor,
  topicId: number,
  bodyIn: string,
): Promise<{ postId: number }> {
  const actor = requireSignedIn(actorIn);
  const { topic } = await visibleTopic(context, actor, topicId);
  requireOpen(topic);
  const body = checkBody(bodyIn);
  const now = Date.now();
  const bodyHtml = renderMarkdown(body);
  return withTransaction(context.database, async (trx) => {
    const postId = await insertPost(trx, actor.organisationId, {
      topicId: topic.id,
      isStaff: actor.kind === 'staff',
      body,
      bodyHtml,
      searchText: body,
      now,
      ...authorColumns(actor),
    });
    await topicPosted(trx, topic.id, now);
    await indexPost(trx, context.database.dialect, postId, body);
    await addMark(
      trx,
      'community_topic_follows',
      actor.organisationId,
      topic.id,
      personOf(actor),
      now,
    );
    const first = await firstPostOf(trx, topic.id);
    await bridgePostToListening(trx, actor, {
      postId,
      topicId: topic.id,
      firstPostId: first?.id ?? null,
      text: body,
      now,
    });
    return { postId };
  });
}

function isPostAuthor(
  actor: CommunityActor,
  post: { author_user_id: number | null; author_contact_id: number | null },
) {
  if (actor.kind === 'staff') return post.author_user_id === actor.userId;
  if (actor.kind === 'participant') return post.author_contact_id === actor.contactId;
  return false;
}

/** The author or a moderator edits a post; the previous body is kept in its history. */
export async function editPost(
  context: AppContext,
  actorIn: CommunityActor,
  postId: number,
  bodyIn: string,
): Promise<void> {
  const actor = requireSignedIn(actorIn);
  const { post, topic } = await visiblePost(context, actor, postId);
  if (!isPostAuthor(actor, post) && !isModerator(actor)) {
    throw new AppError('forbidden', 'only the author or a moderator edits a post');
  }
  const body = checkBody(bodyIn);
  if (body === post.body) return;
  const now = Date.now();
  const bodyHtml = renderMarkdown(body);
  await withTransaction(context.database, async (trx) => {
    const first = await firstPostOf(trx, topic.id);
    const searchText = searchTextOf(first?.id === post.id ? topic.title : null, body);
    await insertRevision(trx, actor.organisationId, post.id, post.body, personOf(actor), now);
    await updatePostBody(trx, post.id, { body, bodyHtml, searchText, now });
    await indexPost(trx, context.database.dialect, post.id, searchText);
  });
}

export async function postHistory(context: AppContext, actor: CommunityActor, postId: number) {
  const { post, topic } = await visiblePost(context, actor, postId);
  return { post, topic, revisions: await listRevisions(context.database.db, post.id) };
}

async function setMark(
  context: AppContext,
  actor: SignedInActor,
  table: MarkTable,
  subjectId: number,
  on: boolean,
  counter: ((trx: Parameters<typeof adjustLikes>[0], delta: 1 | -1) => Promise<void>) | null,
): Promise<boolean> {
  const person = personOf(actor);
  return withTransaction(context.database, async (trx) => {
    const changed = on
      ? await addMark(trx, table, actor.organisationId, subjectId, person, Date.now())
      : await removeMark(trx, table, subjectId, person);
    if (changed && counter) await counter(trx, on ? 1 : -1);
    return changed;
  });
}

export async function likePost(
  context: AppContext,
  actorIn: CommunityActor,
  postId: number,
  on: boolean,
): Promise<{ likes: number }> {
  const actor = requireSignedIn(actorIn);
  const { post } = await visiblePost(context, actor, postId);
  if (isPostAuthor(actor, post)) throw new AppError('forbidden', 'you cannot like your own post');
  await setMark(context, actor, 'community_post_likes', post.id, on, (trx, delta) =>
    adjustLikes(trx, post.id, delta),
  );
  const after = await findPost(context.database.db, actor.organisationId, post.id);
  return { likes: after?.likes_count ?? 0 };
}

export async function voteOnIdea(
  context: AppContext,
  actorIn: CommunityActor,
  topicId: number,
  on: boolean,
): Promise<{ votes: number }> {
  const actor = requireSignedIn(actorIn);
  const { topic, category } = await visibleTopic(context, actor, topicId);
  if (category.kind !== 'ideas') {
    throw communityErrors.error('community_wrong_kind', 'only ideas take votes');
  }
  requireOpen(topic);
  await setMark(context, actor, 'community_topic_votes', topic.id, on, (trx, delta) =>
    adjustVotes(trx, topic.id, delta),
  );
  const after = await findTopic(context.database.db, actor.organisationId, topic.id);
  return { votes: after?.votes_count ?? 0 };
}

export async function followTopic(
  context: AppContext,
  actorIn: CommunityActor,
  topicId: number,
  on: boolean,
): Promise<void> {
  const actor = requireSignedIn(actorIn);
  const { topic } = await visibleTopic(context, actor, topicId);
  await setMark(context, actor, 'community_topic_follows', topic.id, on, null);
}

/**
 * The asker or a moderator marks a reply as the accepted answer of a question (or clears it with
 * null). The question itself is not an answer.
 */
export async function acceptAnswer(
  context: AppContext,
  actorIn: CommunityActor,
  topicId: number,
  postId: number | null,
): Promise<void> {
  const actor = requireSignedIn(actorIn);
  const { topic, category } = await visibleTopic(context, actor, topicId);
  if (category.kind !== 'qa') {
    throw communityErrors.error('community_wrong_kind', 'only questions have accepted answers');
  }
  if (!canAcceptIn(actor, topic, category)) {
    throw new AppError('forbidden', 'only the asker or a moderator accepts an answer');
  }
  if (postId !== null) {
    const post = await findPost(context.database.db, actor.organisationId, postId);
    const first = await firstPostOf(context.database.db, topic.id);
    if (!post || post.topic_id !== topic.id || post.hidden) throw notFound('post');
    if (first?.id === post.id) {
      throw new AppError('validation_failed', 'the question cannot answer itself', [
        { path: '/post_id', message: 'choose a reply' },
      ]);
    }
  }
  await withTransaction(context.database, (trx) =>
    setAcceptedPost(trx, topic.id, postId, Date.now()),
  );
}

/** A person's page: their accepted answers (credited) and latest posts the viewer may see. */
export async function communityProfile(
  context: AppContext,
  actor: CommunityActor,
  author: { userId: number | null; contactId: number | null },
) {
  const categories = await visibleCategories(context, actor);
  const names = await authorNames(context, actor.organisationId, [
    { author_user_id: author.userId, author_contact_id: author.contactId },
  ]);
  const name =
    author.userId !== null ? names.userName(author.userId) : names.contactName(author.contactId);
  const known = await namesOf(
    context.database.db,
    actor.organisationId,
    author.userId === null ? [] : [author.userId],
    author.contactId === null ? [] : [author.contactId],
  );
  if (known.users.size === 0 && known.contacts.size === 0) throw notFound('person');
  const profile = await profileOf(
    context.database.db,
    actor.organisationId,
    author,
    categories.map((category) => category.id),
  );
  return { name: name ?? 'Community member', isStaff: author.userId !== null, ...profile };
}
