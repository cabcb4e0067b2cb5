import type { Kysely } from 'kysely';
import type {
  CategoryKind,
  CategoryVisibility,
  Database,
  IdeaStatus,
} from '../../platform/database/schema.js';

type Db = Kysely<Database>;

/** Tables of "one per person" marks: likes of posts, votes on ideas, follows of topics. */
export type MarkTable =
  | 'community_post_likes'
  | 'community_topic_votes'
  | 'community_topic_follows';

const categoryColumns = [
  'id',
  'organisation_id',
  'name',
  'slug',
  'description',
  'kind',
  'visibility',
  'position',
  'unanswered_hours',
  'created_at',
] as const;

export type CategoryRow = Awaited<ReturnType<typeof findCategoryById>> & object;

export async function listCategories(
  db: Db,
  organisationId: number,
  visibilities: readonly CategoryVisibility[],
) {
  return db
    .selectFrom('community_categories')
    .select(categoryColumns)
    .where('organisation_id', '=', organisationId)
    .where('visibility', 'in', visibilities)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function findCategoryById(db: Db, organisationId: number, id: number) {
  return db
    .selectFrom('community_categories')
    .select(categoryColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findCategoryBySlug(db: Db, organisationId: number, slug: string) {
  return db
    .selectFrom('community_categories')
    .select(categoryColumns)
    .where('organisation_id', '=', organisationId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export interface CategoryValues {
  name: string;
  slug: string;
  description: string;
  kind: CategoryKind;
  visibility: CategoryVisibility;
  position: number;
  unanswered_hours: number | null;
}

export async function insertCategory(
  db: Db,
  organisationId: number,
  values: CategoryValues,
  now: number,
): Promise<number> {
  const row = await db
    .insertInto('community_categories')
    .values({ organisation_id: organisationId, ...values, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCategory(
  db: Db,
  organisationId: number,
  id: number,
  values: Partial<CategoryValues>,
): Promise<void> {
  await db
    .updateTable('community_categories')
    .set(values)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

const topicColumns = [
  'community_topics.id',
  'community_topics.organisation_id',
  'community_topics.category_id',
  'community_topics.author_user_id',
  'community_topics.author_contact_id',
  'community_topics.title',
  'community_topics.state',
  'community_topics.merged_into_id',
  'community_topics.accepted_post_id',
  'community_topics.votes_count',
  'community_topics.posts_count',
  'community_topics.idea_status',
  'community_topics.idea_status_reason',
  'community_topics.created_at',
  'community_topics.updated_at',
  'community_topics.last_posted_at',
] as const;

export type TopicRow = NonNullable<Awaited<ReturnType<typeof findTopic>>>;

export async function findTopic(db: Db, organisationId: number, id: number) {
  return db
    .selectFrom('community_topics')
    .select(topicColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of a category's topics, most recently active first (keyset on last post, id). */
export async function listTopics(
  db: Db,
  organisationId: number,
  categoryId: number,
  limit: number,
  before: { lastPostedAt: number; id: number } | null,
) {
  let query = db
    .selectFrom('community_topics')
    .select(topicColumns)
    .where('organisation_id', '=', organisationId)
    .where('category_id', '=', categoryId);
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('last_posted_at', '<', before.lastPostedAt),
        eb.and([eb('last_posted_at', '=', before.lastPostedAt), eb('id', '<', before.id)]),
      ]),
    );
  }
  return query.orderBy('last_posted_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function listRecentTopics(
  db: Db,
  organisationId: number,
  categoryIds: readonly number[],
  limit: number,
) {
  if (categoryIds.length === 0) return [];
  return db
    .selectFrom('community_topics')
    .select(topicColumns)
    .where('organisation_id', '=', organisationId)
    .where('category_id', 'in', categoryIds)
    .orderBy('last_posted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface NewTopic {
  categoryId: number;
  authorUserId: number | null;
  authorContactId: number | null;
  title: string;
  now: number;
}

export async function insertTopic(
  db: Db,
  organisationId: number,
  topic: NewTopic,
): Promise<number> {
  const row = await db
    .insertInto('community_topics')
    .values({
      organisation_id: organisationId,
      category_id: topic.categoryId,
      author_user_id: topic.authorUserId,
      author_contact_id: topic.authorContactId,
      title: topic.title,
      state: 'open',
      merged_into_id: null,
      accepted_post_id: null,
      idea_status: null,
      idea_status_reason: null,
      created_at: topic.now,
      updated_at: topic.now,
      last_posted_at: topic.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function topicPosted(db: Db, topicId: number, now: number): Promise<void> {
  await db
    .updateTable('community_topics')
    .set((eb) => ({
      posts_count: eb('posts_count', '+', 1),
      last_posted_at: now,
      updated_at: now,
    }))
    .where('id', '=', topicId)
    .execute();
}

export async function setAcceptedPost(
  db: Db,
  topicId: number,
  postId: number | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('community_topics')
    .set({ accepted_post_id: postId, updated_at: now })
    .where('id', '=', topicId)
    .execute();
}

export async function setIdeaStatus(
  db: Db,
  topicId: number,
  status: IdeaStatus | null,
  reason: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('community_topics')
    .set({ idea_status: status, idea_status_reason: reason, updated_at: now })
    .where('id', '=', topicId)
    .execute();
}

export async function markTopicMerged(
  db: Db,
  topicId: number,
  intoId: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('community_topics')
    .set({ state: 'merged', merged_into_id: intoId, updated_at: now })
    .where('id', '=', topicId)
    .execute();
}

const postColumns = [
  'community_posts.id',
  'community_posts.organisation_id',
  'community_posts.topic_id',
  'community_posts.author_user_id',
  'community_posts.author_contact_id',
  'community_posts.is_staff',
  'community_posts.body',
  'community_posts.body_html',
  'community_posts.likes_count',
  'community_posts.hidden',
  'community_posts.created_at',
  'community_posts.updated_at',
] as const;

export type PostRow = NonNullable<Awaited<ReturnType<typeof findPost>>>;

export async function findPost(db: Db, organisationId: number, id: number) {
  return db
    .selectFrom('community_posts')
    .select(postColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function firstPostOf(db: Db, topicId: number) {
  return db
    .selectFrom('community_posts')
    .select(postColumns)
    .where('topic_id', '=', topicId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** A topic's posts in order, with the names of their authors. */
export async function listPosts(
  db: Db,
  topicId: number,
  options: { includeHidden: boolean; afterId: number; limit: number },
) {
  let query = db
    .selectFrom('community_posts')
    .leftJoin('users', 'users.id', 'community_posts.author_user_id')
    .leftJoin('contacts', 'contacts.id', 'community_posts.author_contact_id')
    .select(postColumns)
    .select(['users.name as user_name', 'contacts.name as contact_name'])
    .select((eb) =>
      eb
        .selectFrom('community_post_revisions')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('community_post_revisions.post_id', '=', 'community_posts.id')
        .as('revisions_count'),
    )
    .where('community_posts.topic_id', '=', topicId)
    .where('community_posts.id', '>', options.afterId);
  if (!options.includeHidden) query = query.where('community_posts.hidden', '=', 0);
  return query.orderBy('community_posts.id').limit(options.limit).execute();
}

export interface NewPost {
  topicId: number;
  authorUserId: number | null;
  authorContactId: number | null;
  isStaff: boolean;
  body: string;
  bodyHtml: string;
  searchText: string;
  now: number;
}

export async function insertPost(db: Db, organisationId: number, post: NewPost): Promise<number> {
  const row = await db
    .insertInto('community_posts')
    .values({
      organisation_id: organisationId,
      topic_id: post.topicId,
      author_user_id: post.authorUserId,
      author_contact_id: post.authorContactId,
      is_staff: post.isStaff ? 1 : 0,
      body: post.body,
      body_html: post.bodyHtml,
      search_text: post.searchText,
      created_at: post.now,
      updated_at: post.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePostBody(
  db: Db,
  postId: number,
  values: { body: string; bodyHtml: string; searchText: string; now: number },
): Promise<void> {
  await db
    .updateTable('community_posts')
    .set({
      body: values.body,
      body_html: values.bodyHtml,
      search_text: values.searchText,
      updated_at: values.now,
    })
    .where('id', '=', postId)
    .execute();
}

export async function setPostHidden(db: Db, postId: number, hidden: boolean, now: number) {
  await db
    .updateTable('community_posts')
    .set({ hidden: hidden ? 1 : 0, updated_at: now })
    .where('id', '=', postId)
    .execute();
}

export async function insertRevision(
  db: Db,
  organisationId: number,
  postId: number,
  previousBody: string,
  editedBy: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('community_post_revisions')
    .values({
      organisation_id: organisationId,
      post_id: postId,
      body: previousBody,
      edited_by: editedBy,
      created_at: now,
    })
    .execute();
}

export async function listRevisions(db: Db, postId: number) {
  return db
    .selectFrom('community_post_revisions')
    .select(['id', 'body', 'edited_by', 'created_at'])
    .where('post_id', '=', postId)
    .orderBy('id', 'desc')
    .execute();
}

const markSubject = {
  community_post_likes: 'post_id',
  community_topic_votes: 'topic_id',
  community_topic_follows: 'topic_id',
} as const;

/**
 * Adds a person's mark; true when it is new. The primary key makes a double submit (two
 * requests at once) add one row, and only the request whose row went in moves the counter.
 */
export async function addMark(
  db: Db,
  table: MarkTable,
  organisationId: number,
  subjectId: number,
  person: string,
  now: number,
): Promise<boolean> {
  const subject = markSubject[table];
  const inserted = await db
    .insertInto(table)
    .values({
      organisation_id: organisationId,
      [subject]: subjectId,
      person,
      created_at: now,
    } as never)
    .onConflict((conflict) => conflict.columns([subject, 'person'] as never).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeMark(
  db: Db,
  table: MarkTable,
  subjectId: number,
  person: string,
): Promise<boolean> {
  const subject = markSubject[table];
  const deleted = await db
    .deleteFrom(table)
    .where(subject as never, '=', subjectId as never)
    .where('person', '=', person)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

export async function hasMark(db: Db, table: MarkTable, subjectId: number, person: string) {
  const subject = markSubject[table];
  const row = await db
    .selectFrom(table)
    .select('person')
    .where(subject as never, '=', subjectId as never)
    .where('person', '=', person)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of these posts the person liked. */
export async function likedPosts(db: Db, postIds: readonly number[], person: string) {
  if (postIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('community_post_likes')
    .select('post_id')
    .where('post_id', 'in', postIds)
    .where('person', '=', person)
    .execute();
  return new Set(rows.map((row) => row.post_id));
}

export async function adjustLikes(db: Db, postId: number, delta: 1 | -1): Promise<void> {
  await db
    .updateTable('community_posts')
    .set((eb) => ({ likes_count: eb('likes_count', '+', delta) }))
    .where('id', '=', postId)
    .execute();
}

/** Copies the marks of one topic to another (a merge); the people already there keep theirs. */
export async function copyMarks(
  db: Db,
  table: 'community_topic_votes' | 'community_topic_follows',
  organisationId: number,
  fromTopicId: number,
  toTopicId: number,
  now: number,
): Promise<void> {
  const rows = await db
    .selectFrom(table)
    .select('person')
    .where('topic_id', '=', fromTopicId)
    .execute();
  for (const row of rows) {
    await addMark(db, table, organisationId, toTopicId, row.person, now);
  }
}

/** Sets the topic's vote counter from its rows (after a merge). */
export async function recountVotes(db: Db, topicId: number): Promise<number> {
  const row = await db
    .selectFrom('community_topic_votes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('topic_id', '=', topicId)
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  await db
    .updateTable('community_topics')
    .set({ votes_count: count })
    .where('id', '=', topicId)
    .execute();
  return count;
}

export async function adjustVotes(db: Db, topicId: number, delta: 1 | -1): Promise<void> {
  await db
    .updateTable('community_topics')
    .set((eb) => ({ votes_count: eb('votes_count', '+', delta) }))
    .where('id', '=', topicId)
    .execute();
}

export async function followersOf(db: Db, topicId: number) {
  const rows = await db
    .selectFrom('community_topic_follows')
    .select('person')
    .where('topic_id', '=', topicId)
    .orderBy('person')
    .execute();
  return rows.map((row) => row.person);
}

/** Display names of users and contacts, for topic lists. */
export async function namesOf(
  db: Db,
  organisationId: number,
  userIds: readonly number[],
  contactIds: readonly number[],
) {
  const users =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('organisation_id', '=', organisationId)
          .where('id', 'in', userIds)
          .execute();
  const contacts =
    contactIds.length === 0
      ? []
      : await db
          .selectFrom('contacts')
          .select(['id', 'name'])
          .where('organisation_id', '=', organisationId)
          .where('id', 'in', contactIds)
          .execute();
  return {
    users: new Map(users.map((row) => [row.id, row.name])),
    contacts: new Map(contacts.map((row) => [row.id, row.name])),
  };
}

/** A person's accepted answers and latest posts, for their profile page. */
export async function profileOf(
  db: Db,
  organisationId: number,
  author: { userId: number | null; contactId: number | null },
  visibleCategoryIds: readonly number[],
) {
  if (visibleCategoryIds.length === 0) return { acceptedCount: 0, posts: [] };
  let accepted = db
    .selectFrom('community_topics')
    .innerJoin('community_posts', 'community_posts.id', 'community_topics.accepted_post_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('community_topics.organisation_id', '=', organisationId)
    .where('community_topics.category_id', 'in', visibleCategoryIds)
    .where('community_posts.hidden', '=', 0);
  let posts = db
    .selectFrom('community_posts')
    .innerJoin('community_topics', 'community_topics.id', 'community_posts.topic_id')
    .select([
      'community_posts.id',
      'community_posts.topic_id',
      'community_posts.created_at',
      'community_posts.likes_count',
      'community_topics.title',
      'community_topics.accepted_post_id',
    ])
    .where('community_posts.organisation_id', '=', organisationId)
    .where('community_topics.category_id', 'in', visibleCategoryIds)
    .where('community_posts.hidden', '=', 0);
  if (author.userId !== null) {
    accepted = accepted.where('community_posts.author_user_id', '=', author.userId);
    posts = posts.where('community_posts.author_user_id', '=', author.userId);
  } else {
    accepted = accepted.where('community_posts.author_contact_id', '=', author.contactId);
    posts = posts.where('community_posts.author_contact_id', '=', author.contactId);
  }
  const [count, latest] = await Promise.all([
    accepted.executeTakeFirstOrThrow(),
    posts.orderBy('community_posts.id', 'desc').limit(20).execute(),
  ]);
  return { acceptedCount: Number(count.count), posts: latest };
}

export async function listSitemapTopics(
  db: Db,
  organisationId: number,
  categoryIds: readonly number[],
) {
  if (categoryIds.length === 0) return [];
  return db
    .selectFrom('community_topics')
    .select(['id', 'category_id', 'updated_at', 'last_posted_at'])
    .where('organisation_id', '=', organisationId)
    .where('category_id', 'in', categoryIds)
    .where('state', '!=', 'merged')
    .orderBy('last_posted_at', 'desc')
    .limit(50_000)
    .execute();
}
