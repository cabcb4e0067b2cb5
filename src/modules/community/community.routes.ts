import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  cursorOf,
  parseCursor,
  presentCategory,
  presentPost,
  presentTopic,
  snippetParts,
} from './community.presenter.js';
import {
  AcceptBody,
  CategoryListSchema,
  ChangeCategoryBody,
  CommunityCategorySchema,
  CommunityPostSchema,
  CommunityTopicSchema,
  CreateCategoryBody,
  CreatedPostSchema,
  CreatedTopicSchema,
  CreateTopicBody,
  HiddenBody,
  IdeaStatusBody,
  LikesSchema,
  MergeBody,
  PostBody,
  RevisionListSchema,
  SearchQuery,
  SearchResultSchema,
  TopicDetailSchema,
  TopicListSchema,
  TopicPageQuery,
  VotesSchema,
} from './community.schema.js';
import {
  acceptAnswer,
  categoryById,
  categoryPage,
  createTopic,
  editPost,
  followTopic,
  likePost,
  postHistory,
  replyToTopic,
  topicPage,
  visibleCategories,
  voteOnIdea,
} from './community.service.js';
import { staffActor } from './community-actor.js';
import {
  changeCategory,
  changeIdeaStatus,
  createCategory,
  hidePost,
  mergeIdea,
} from './community-moderation.service.js';
import { searchCommunity } from './community-search.service.js';

const tags = ['community'];
const conflict = { 409: errorResponses[400] };
const NoContent = { 204: Type.Null() };

/** The staff API of the community (the portal's pages are community-portal.ts). */
export function registerCommunityRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(CommunityCategorySchema);
  app.addSchema(CommunityTopicSchema);
  app.addSchema(CommunityPostSchema);
  const actorOf = (request: FastifyRequest) => staffActor(principalOf(request));

  app.get(
    '/api/v1/community/categories',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: 'Community categories',
        response: { 200: CategoryListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await visibleCategories(context, actorOf(request))).map(presentCategory),
    }),
  );

  app.post(
    '/api/v1/community/categories',
    {
      config: { permission: 'community:moderate' },
      schema: {
        tags,
        summary: 'Create a community category',
        body: CreateCategoryBody,
        response: { 201: CommunityCategorySchema, ...errorResponses, ...conflict },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createCategory(context, actor, request.body);
      return reply.code(201).send(presentCategory(await categoryById(context, actor, id)));
    },
  );

  app.patch(
    '/api/v1/community/categories/:id',
    {
      config: { permission: 'community:moderate' },
      schema: {
        tags,
        summary: 'Change a community category',
        params: IdParams,
        body: ChangeCategoryBody,
        response: { 200: CommunityCategorySchema, ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await changeCategory(context, actor, request.params.id, request.body);
      return presentCategory(await categoryById(context, actor, request.params.id));
    },
  );

  app.get(
    '/api/v1/community/categories/:id/topics',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: "A category's topics, most recently active first",
        params: IdParams,
        querystring: TopicPageQuery,
        response: { 200: TopicListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const category = await categoryById(context, actor, request.params.id);
      const page = await categoryPage(context, actor, category, parseCursor(request.query.before));
      return {
        data: page.topics.map((topic) => presentTopic(topic, page.names)),
        next_cursor: cursorOf(page.next),
      };
    },
  );

  app.post(
    '/api/v1/community/topics',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: 'Start a topic (as staff)',
        body: CreateTopicBody,
        response: { 201: CreatedTopicSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createTopic(context, actorOf(request), {
        categoryId: request.body.category_id,
        title: request.body.title,
        body: request.body.body,
      });
      return reply.code(201).send({ topic_id: created.topicId, post_id: created.postId });
    },
  );

  app.get(
    '/api/v1/community/topics/:id',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: 'A topic with its posts (the accepted answer apart)',
        params: IdParams,
        response: { 200: TopicDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = await topicPage(context, actorOf(request), request.params.id);
      return {
        topic: presentTopic(page.topic, page.names),
        accepted_post: page.accepted ? presentPost(page.accepted, page.names) : null,
        posts: page.posts.map((post) => presentPost(post, page.names)),
        voted: page.voted,
        following: page.following,
      };
    },
  );

  app.post(
    '/api/v1/community/topics/:id/posts',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: 'Reply to a topic (as staff)',
        params: IdParams,
        body: PostBody,
        response: { 201: CreatedPostSchema, ...errorResponses, ...conflict },
      },
    },
    async (request, reply) => {
      const created = await replyToTopic(
        context,
        actorOf(request),
        request.params.id,
        request.body.body,
      );
      return reply.code(201).send({ post_id: created.postId });
    },
  );

  app.patch(
    '/api/v1/community/posts/:id',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: 'Edit a post (its author or a moderator); the previous text is kept',
        params: IdParams,
        body: PostBody,
        response: { 204: NoContent[204], ...errorResponses },
      },
    },
    async (request, reply) => {
      await editPost(context, actorOf(request), request.params.id, request.body.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/community/posts/:id/revisions',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: "A post's earlier texts, newest first",
        params: IdParams,
        response: { 200: RevisionListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const history = await postHistory(context, actorOf(request), request.params.id);
      return {
        data: history.revisions.map((revision) => ({
          id: revision.id,
          body: revision.body,
          edited_by: revision.edited_by,
          created_at: new Date(revision.created_at).toISOString(),
        })),
      };
    },
  );

  for (const [method, on] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/community/posts/:id/like',
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: on ? 'Like a post (once per person)' : 'Take back a like',
        params: IdParams,
        response: { 200: LikesSchema, ...errorResponses },
      },
      handler: async (request) => likePost(context, actorOf(request), request.params.id, on),
    });
    app.route({
      method,
      url: '/api/v1/community/topics/:id/vote',
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: on ? 'Vote for an idea (once per person)' : 'Take back a vote',
        params: IdParams,
        response: { 200: VotesSchema, ...errorResponses, ...conflict },
      },
      handler: async (request) => voteOnIdea(context, actorOf(request), request.params.id, on),
    });
    app.route({
      method,
      url: '/api/v1/community/topics/:id/follow',
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: on ? 'Follow a topic' : 'Stop following a topic',
        params: IdParams,
        response: { 204: NoContent[204], ...errorResponses },
      },
      handler: async (request, reply) => {
        await followTopic(context, actorOf(request), request.params.id, on);
        return reply.code(204).send(null);
      },
    });
  }

  app.put(
    '/api/v1/community/topics/:id/accepted-answer',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: "Mark a reply as the question's accepted answer (the asker or a moderator)",
        params: IdParams,
        body: AcceptBody,
        response: { 204: NoContent[204], ...errorResponses, ...conflict },
      },
    },
    async (request, reply) => {
      await acceptAnswer(context, actorOf(request), request.params.id, request.body.post_id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/community/topics/:id/idea-status',
    {
      config: { permission: 'community:moderate' },
      schema: {
        tags,
        summary: "Set an idea's status (declined needs a reason)",
        params: IdParams,
        body: IdeaStatusBody,
        response: { 204: NoContent[204], ...errorResponses, ...conflict },
      },
    },
    async (request, reply) => {
      await changeIdeaStatus(
        context,
        actorOf(request),
        request.params.id,
        request.body.status,
        request.body.reason,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/community/topics/:id/merge',
    {
      config: { permission: 'community:moderate' },
      schema: {
        tags,
        summary: 'Merge a duplicate idea into another, carrying its votes and followers',
        params: IdParams,
        body: MergeBody,
        response: { 200: VotesSchema, ...errorResponses, ...conflict },
      },
    },
    async (request) =>
      mergeIdea(context, actorOf(request), request.params.id, request.body.into_topic_id),
  );

  app.put(
    '/api/v1/community/posts/:id/hidden',
    {
      config: { permission: 'community:moderate' },
      schema: {
        tags,
        summary: 'Hide a post from readers (or show it again)',
        params: IdParams,
        body: HiddenBody,
        response: { 204: NoContent[204], ...errorResponses },
      },
    },
    async (request, reply) => {
      await hidePost(context, actorOf(request), request.params.id, request.body.hidden);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/community/search',
    {
      config: { permission: 'community:write' },
      schema: {
        tags,
        summary: 'Full-text search of the community, best matches first',
        querystring: SearchQuery,
        response: { 200: SearchResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      const result = await searchCommunity(context, actorOf(request), request.query.q);
      return {
        data: result.hits.map((hit) => ({
          topic_id: hit.topic_id,
          post_id: hit.post_id,
          title: hit.title,
          category_id: hit.category_id,
          snippet: snippetParts(hit.snippet, result.markers.start, result.markers.stop),
          rank: hit.rank,
        })),
      };
    },
  );
}
