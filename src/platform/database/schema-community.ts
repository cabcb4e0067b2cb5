import type { Generated } from 'kysely';

/** The community (migration 019, docs/community.md). */

export type CategoryKind = 'qa' | 'ideas' | 'announcements';
export type CategoryVisibility = 'everyone' | 'signed_in' | 'staff';
export type TopicState = 'open' | 'closed' | 'merged';
export type IdeaStatus = 'under_review' | 'planned' | 'declined' | 'done';

export interface CommunityCategoryTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  slug: string;
  description: string;
  kind: CategoryKind;
  visibility: CategoryVisibility;
  position: number;
  unanswered_hours: number | null;
  created_at: number;
}

export interface CommunityTopicTable {
  id: Generated<number>;
  organisation_id: number;
  category_id: number;
  author_user_id: number | null;
  author_contact_id: number | null;
  title: string;
  state: TopicState;
  merged_into_id: number | null;
  accepted_post_id: number | null;
  votes_count: Generated<number>;
  posts_count: Generated<number>;
  idea_status: IdeaStatus | null;
  idea_status_reason: string | null;
  created_at: number;
  updated_at: number;
  last_posted_at: number;
}

export interface CommunityPostTable {
  id: Generated<number>;
  organisation_id: number;
  topic_id: number;
  author_user_id: number | null;
  author_contact_id: number | null;
  /** 1 when written by a signed-in employee: shown as "staff". */
  is_staff: number;
  body: string;
  body_html: string;
  search_text: string;
  likes_count: Generated<number>;
  hidden: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface CommunityPostRevisionTable {
  id: Generated<number>;
  organisation_id: number;
  post_id: number;
  body: string;
  /** Person key of the editor (`user:<id>` or `contact:<id>`). */
  edited_by: string;
  created_at: number;
}

export interface CommunityPostLikeTable {
  organisation_id: number;
  post_id: number;
  person: string;
  created_at: number;
}

export interface CommunityTopicVoteTable {
  organisation_id: number;
  topic_id: number;
  person: string;
  created_at: number;
}

export interface CommunityTopicFollowTable {
  organisation_id: number;
  topic_id: number;
  person: string;
  created_at: number;
}

/** One portal sign-in request, per key (`email:<sha256>` or `address:<ip>`), for rate limits. */
export interface PortalSignInRequestTable {
  id: Generated<number>;
  key: string;
  created_at: number;
}
