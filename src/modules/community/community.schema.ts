import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../../server/route-types.js';

const Kind = Type.Union([Type.Literal('qa'), Type.Literal('ideas'), Type.Literal('announcements')]);
const Visibility = Type.Union([
  Type.Literal('everyone'),
  Type.Literal('signed_in'),
  Type.Literal('staff'),
]);
const IdeaStatus = Type.Union([
  Type.Literal('under_review'),
  Type.Literal('planned'),
  Type.Literal('declined'),
  Type.Literal('done'),
]);
const Instant = Type.String({ format: 'date-time' });
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const PlainLine = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[^\\u0000-\\u001f\\u007f]*\\S[^\\u0000-\\u001f\\u007f]*$',
});

export const CommunityCategorySchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    slug: Type.String(),
    description: Type.String(),
    kind: Kind,
    visibility: Visibility,
    position: Type.Integer(),
    unanswered_hours: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'CommunityCategory' },
);

const Author = Type.Object({
  user_id: Type.Union([Type.Integer(), Type.Null()]),
  contact_id: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  staff: Type.Boolean(),
});

export const CommunityTopicSchema = Type.Object(
  {
    id: Type.Integer(),
    category_id: Type.Integer(),
    title: Type.String(),
    state: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('merged')]),
    merged_into_id: Type.Union([Type.Integer(), Type.Null()]),
    accepted_post_id: Type.Union([Type.Integer(), Type.Null()]),
    votes: Type.Integer(),
    posts: Type.Integer(),
    idea_status: Type.Union([IdeaStatus, Type.Null()]),
    idea_status_reason: Type.Union([Type.String(), Type.Null()]),
    author: Author,
    created_at: Instant,
    last_posted_at: Instant,
  },
  { $id: 'CommunityTopic' },
);

export const CommunityPostSchema = Type.Object(
  {
    id: Type.Integer(),
    topic_id: Type.Integer(),
    author: Author,
    body: Type.String({ description: 'Markdown source, as written' }),
    body_html: Type.String({
      description: 'The sanitised rendering (HTML disabled in the source)',
    }),
    likes: Type.Integer(),
    hidden: Type.Boolean(),
    edited: Type.Boolean(),
    created_at: Instant,
    updated_at: Instant,
  },
  { $id: 'CommunityPost' },
);

export const CategoryListSchema = Type.Object({
  data: Type.Array(Type.Ref(CommunityCategorySchema)),
});

export const CreateCategoryBody = Type.Object(
  {
    name: PlainLine,
    slug: Slug,
    description: Type.Optional(Type.String({ maxLength: 500 })),
    kind: Kind,
    visibility: Visibility,
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    unanswered_hours: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 24 * 90 }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);

export const ChangeCategoryBody = Type.Partial(CreateCategoryBody, {
  additionalProperties: false,
  minProperties: 1,
});

export const TopicPageQuery = Type.Object(
  { before: Type.Optional(Type.String({ pattern: '^\\d{1,16}-\\d{1,16}$' })) },
  { additionalProperties: false },
);

export const TopicListSchema = Type.Object({
  data: Type.Array(Type.Ref(CommunityTopicSchema)),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const CreateTopicBody = Type.Object(
  {
    category_id: Id,
    title: Type.String({ minLength: 1, maxLength: 400 }),
    body: Type.String({ minLength: 1, maxLength: 40_000 }),
  },
  { additionalProperties: false },
);

export const CreatedTopicSchema = Type.Object({
  topic_id: Type.Integer(),
  post_id: Type.Integer(),
});

export const TopicDetailSchema = Type.Object({
  topic: Type.Ref(CommunityTopicSchema),
  accepted_post: Type.Union([Type.Ref(CommunityPostSchema), Type.Null()]),
  posts: Type.Array(Type.Ref(CommunityPostSchema)),
  voted: Type.Boolean(),
  following: Type.Boolean(),
});

export const PostBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 40_000 }) },
  { additionalProperties: false },
);

export const CreatedPostSchema = Type.Object({ post_id: Type.Integer() });

export const RevisionListSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.Integer(),
      body: Type.String(),
      edited_by: Type.String(),
      created_at: Instant,
    }),
  ),
});

export const LikesSchema = Type.Object({ likes: Type.Integer() });
export const VotesSchema = Type.Object({ votes: Type.Integer() });

export const AcceptBody = Type.Object(
  { post_id: Type.Union([Id, Type.Null()]) },
  { additionalProperties: false },
);

export const IdeaStatusBody = Type.Object(
  {
    status: Type.Union([IdeaStatus, Type.Null()]),
    reason: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const MergeBody = Type.Object({ into_topic_id: Id }, { additionalProperties: false });

export const HiddenBody = Type.Object({ hidden: Type.Boolean() }, { additionalProperties: false });

export const SearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const SearchResultSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      topic_id: Type.Integer(),
      post_id: Type.Integer(),
      title: Type.String(),
      category_id: Type.Integer(),
      snippet: Type.Array(Type.Object({ text: Type.String(), match: Type.Boolean() }), {
        description: 'The matching passage as plain text parts; `match` marks the words found',
      }),
      rank: Type.Number(),
    }),
  ),
});

export const PostIdParams = Type.Object({ id: Id });

export type CategoryBody = Static<typeof CreateCategoryBody>;
