import type { AppContext } from '../../platform/context.js';
import { listCategories, listSitemapTopics } from './community.repository.js';
import { type CommunityActor, visibilitiesOf } from './community-actor.js';
import { highlightStart, highlightStop, searchPosts } from './community-search.repository.js';

export const searchLimit = 30;

/**
 * Full-text search over the posts the actor may read (hidden posts and categories they cannot
 * see never match), best first, one hit per topic.
 */
export async function searchCommunity(context: AppContext, actor: CommunityActor, query: string) {
  const categories = await listCategories(
    context.database.db,
    actor.organisationId,
    visibilitiesOf(actor),
  );
  const hits = await searchPosts(
    context.database.db,
    context.database.dialect,
    actor.organisationId,
    categories.map((category) => category.id),
    query.slice(0, 200),
    searchLimit * 3,
  );
  const seen = new Set<number>();
  const byTopic = hits.filter((hit) => {
    if (seen.has(hit.topic_id)) return false;
    seen.add(hit.topic_id);
    return true;
  });
  return {
    categories: new Map(categories.map((category) => [category.id, category])),
    hits: byTopic.slice(0, searchLimit),
    markers: { start: highlightStart, stop: highlightStop },
  };
}

/** Public pages for the sitemap: the categories open to everyone and their topics. */
export async function communitySitemap(context: AppContext, organisationId: number) {
  const categories = await listCategories(context.database.db, organisationId, ['everyone']);
  const topics = await listSitemapTopics(
    context.database.db,
    organisationId,
    categories.map((category) => category.id),
  );
  return { categories, topics };
}
