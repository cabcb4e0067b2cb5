import type { CategoryRow, PostRow, TopicRow } from './community.repository.js';
import type { AuthorNames } from './community.service.js';

const iso = (instant: number) => new Date(instant).toISOString();

export function presentCategory(category: CategoryRow) {
  return {
    id: category.id,
    name: category.name,
    slug: category.slug,
    description: category.description,
    kind: category.kind,
    visibility: category.visibility,
    position: category.position,
    unanswered_hours: category.unanswered_hours,
  };
}

export function authorOf(
  row: { author_user_id: number | null; author_contact_id: number | null },
  names: AuthorNames,
) {
  return {
    user_id: row.author_user_id,
    contact_id: row.author_contact_id,
    name:
      (row.author_user_id !== null
        ? names.userName(row.author_user_id)
        : names.contactName(row.author_contact_id)) ?? 'Community member',
    staff: row.author_user_id !== null,
  };
}

export function presentTopic(topic: TopicRow, names: AuthorNames) {
  return {
    id: topic.id,
    category_id: topic.category_id,
    title: topic.title,
    state: topic.state,
    merged_into_id: topic.merged_into_id,
    accepted_post_id: topic.accepted_post_id,
    votes: topic.votes_count,
    posts: topic.posts_count,
    idea_status: topic.idea_status,
    idea_status_reason: topic.idea_status_reason,
    author: authorOf(topic, names),
    created_at: iso(topic.created_at),
    last_posted_at: iso(topic.last_posted_at),
  };
}

export function presentPost(
  post: PostRow & { revisions_count?: number | string | null },
  names: AuthorNames,
) {
  return {
    id: post.id,
    topic_id: post.topic_id,
    author: { ...authorOf(post, names), staff: post.is_staff === 1 },
    body: post.body,
    body_html: post.body_html,
    likes: post.likes_count,
    hidden: post.hidden === 1,
    edited: Number(post.revisions_count ?? 0) > 0,
    created_at: iso(post.created_at),
    updated_at: iso(post.updated_at),
  };
}

/** A snippet with highlight markers as plain text parts, for clients that render text only. */
export function snippetParts(snippet: string, start: string, stop: string) {
  const parts: { text: string; match: boolean }[] = [];
  let rest = snippet;
  for (;;) {
    const open = rest.indexOf(start);
    const close = open < 0 ? -1 : rest.indexOf(stop, open + start.length);
    if (open < 0 || close < 0) break;
    if (open > 0) parts.push({ text: rest.slice(0, open), match: false });
    parts.push({ text: rest.slice(open + start.length, close), match: true });
    rest = rest.slice(close + stop.length);
  }
  const tail = rest.split(start).join('').split(stop).join('');
  if (tail) parts.push({ text: tail, match: false });
  return parts;
}

export function cursorOf(next: { lastPostedAt: number; id: number } | null): string | null {
  return next ? `${next.lastPostedAt}-${next.id}` : null;
}

export function parseCursor(
  cursor: string | undefined,
): { lastPostedAt: number; id: number } | null {
  if (!cursor) return null;
  const match = /^(\d{1,16})-(\d{1,16})$/.exec(cursor);
  if (!match) return null;
  return { lastPostedAt: Number(match[1]), id: Number(match[2]) };
}
