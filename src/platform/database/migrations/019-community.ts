import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The community (issue 14, docs/community.md): categories, topics, posts with their edit history,
 * likes and idea votes (one per person, by a person key `user:<id>` or `contact:<id>`), follows,
 * and the full-text index of posts: a generated `tsvector` with a GIN index on PostgreSQL, an FTS5
 * table kept in step by the repository on SQLite.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema
    .createTable('community_categories')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // qa | ideas | announcements
    .addColumn('kind', 'text', (c) => c.notNull())
    // everyone | signed_in | staff
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // A question left unanswered this long becomes an inbox conversation (null: never).
    .addColumn('unanswered_hours', 'integer')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_categories_slug')
    .unique()
    .on('community_categories')
    .columns(['organisation_id', 'slug'])
    .execute();

  await db.schema
    .createTable('community_topics')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('category_id', bigint, (c) => c.notNull())
    .addColumn('author_user_id', bigint)
    .addColumn('author_contact_id', bigint)
    .addColumn('title', 'text', (c) => c.notNull())
    // open | closed | merged
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('merged_into_id', bigint)
    .addColumn('accepted_post_id', bigint)
    .addColumn('votes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('posts_count', 'integer', (c) => c.notNull().defaultTo(0))
    // under_review | planned | declined | done (ideas only)
    .addColumn('idea_status', 'text')
    .addColumn('idea_status_reason', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .addColumn('last_posted_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_topics_category')
    .on('community_topics')
    .columns(['organisation_id', 'category_id', 'last_posted_at', 'id'])
    .execute();

  await db.schema
    .createTable('community_posts')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('topic_id', bigint, (c) => c.notNull())
    .addColumn('author_user_id', bigint)
    .addColumn('author_contact_id', bigint)
    .addColumn('is_staff', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // The sanitised rendering of `body`, cached: rendering is the costly part of a topic page.
    .addColumn('body_html', 'text', (c) => c.notNull())
    // What full-text search reads: the topic's title for its first post, then the body.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('likes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_posts_topic')
    .on('community_posts')
    .columns(['topic_id', 'id'])
    .execute();
  await db.schema
    .createIndex('community_posts_author_contact')
    .on('community_posts')
    .columns(['organisation_id', 'author_contact_id'])
    .execute();

  await db.schema
    .createTable('community_post_revisions')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('post_id', bigint, (c) => c.notNull())
    // The body before the edit.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_post_revisions_post')
    .on('community_post_revisions')
    .columns(['post_id', 'id'])
    .execute();

  for (const [table, subject] of [
    ['community_post_likes', 'post_id'],
    ['community_topic_votes', 'topic_id'],
    ['community_topic_follows', 'topic_id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('organisation_id', bigint, (c) => c.notNull())
      .addColumn(subject, bigint, (c) => c.notNull())
      // `user:<id>` or `contact:<id>`: one per person, whichever way they signed in.
      .addColumn('person', 'text', (c) => c.notNull())
      .addColumn('created_at', bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, [subject, 'person'])
      .execute();
  }

  // Portal sign-in requests, counted per hashed e-mail and per address to limit link mail.
  await db.schema
    .createTable('portal_sign_in_requests')
    .addColumn('id', id, primaryKey)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('portal_sign_in_requests_key')
    .on('portal_sign_in_requests')
    .columns(['key', 'created_at'])
    .execute();

  if (context.dialect === 'postgres') {
    // PostgreSQL's parser reads `<...>` as markup and skips it, words and all; customers write
    // angle brackets as text, so they are spaces to the index (and to the snippets).
    await sql`alter table community_posts add column search_vector tsvector
      generated always as (to_tsvector('simple', translate(search_text, '<>', '  '))) stored`.execute(
      db,
    );
    await sql`create index community_posts_search on community_posts using gin (search_vector)`.execute(
      db,
    );
  } else {
    await sql`create virtual table community_posts_fts using fts5(search_text, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
  }
}
