import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';

type Db = Kysely<Database>;

/** Markers around matched words in a snippet; bodies cannot hold control characters. */
export const highlightStart = '\u0002';
export const highlightStop = '\u0003';

/**
 * Keeps the full-text index of a post in step with its row. PostgreSQL derives it (a generated
 * tsvector column); SQLite's FTS5 table is written here, in the transaction of the post's change.
 */
export async function indexPost(
  db: Db,
  dialect: DialectName,
  postId: number,
  searchText: string | null,
): Promise<void> {
  if (dialect === 'postgres') return;
  await sql`delete from community_posts_fts where rowid = ${postId}`.execute(db);
  if (searchText !== null) {
    await sql`insert into community_posts_fts (rowid, search_text) values (${postId}, ${searchText})`.execute(
      db,
    );
  }
}

export interface SearchHit {
  post_id: number;
  topic_id: number;
  title: string;
  category_id: number;
  snippet: string;
  rank: number;
}

/** Words of the query as literal terms (no operators), so any text is a valid query. */
function terms(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/**
 * Posts matching every word of the query in the given categories, best first, each with a
 * snippet whose matches are wrapped in the highlight markers.
 */
export async function searchPosts(
  db: Db,
  dialect: DialectName,
  organisationId: number,
  categoryIds: readonly number[],
  query: string,
  limit: number,
): Promise<SearchHit[]> {
  const words = terms(query);
  if (words.length === 0 || categoryIds.length === 0) return [];
  const categories = sql.join(categoryIds.map((id) => sql`${id}`));
  if (dialect === 'postgres') {
    const tsquery = words.map((word) => `'${word.replace(/'/g, "''")}':*`).join(' & ');
    const result = await sql<SearchHit>`
      select p.id as post_id, p.topic_id, t.title, t.category_id,
        ts_headline('simple', translate(p.search_text, '<>', '  '), q.query,
          ${`StartSel=${highlightStart}, StopSel=${highlightStop}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet,
        ts_rank(p.search_vector, q.query) as rank
      from community_posts p
      join community_topics t on t.id = p.topic_id
      cross join (select to_tsquery('simple', ${tsquery}) as query) q
      where p.organisation_id = ${organisationId}
        and p.hidden = 0
        and t.category_id in (${categories})
        and p.search_vector @@ q.query
      order by rank desc, p.id desc
      limit ${limit}`.execute(db);
    return result.rows.map((row) => ({ ...row, rank: Number(row.rank) }));
  }
  const match = words.map((word) => `"${word}"*`).join(' ');
  const result = await sql<SearchHit>`
    select p.id as post_id, p.topic_id, t.title, t.category_id,
      snippet(community_posts_fts, 0, ${highlightStart}, ${highlightStop}, ' … ', 24) as snippet,
      bm25(community_posts_fts) as rank
    from community_posts_fts
    join community_posts p on p.id = community_posts_fts.rowid
    join community_topics t on t.id = p.topic_id
    where community_posts_fts match ${match}
      and p.organisation_id = ${organisationId}
      and p.hidden = 0
      and t.category_id in (${categories})
    order by bm25(community_posts_fts), p.id desc
    limit ${limit}`.execute(db);
  // bm25 is lower for better matches; the API says higher is better.
  return result.rows.map((row) => ({ ...row, rank: -Number(row.rank) }));
}
