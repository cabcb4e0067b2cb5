import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../platform/errors.js';
import {
  html,
  type PortalFrame,
  type PortalSection,
  type PortalViewer,
  portalPath,
} from '../portal/index.js';
import { cursorOf, parseCursor } from './community.presenter.js';
import {
  acceptAnswer,
  categoryBySlug,
  categoryPage,
  communityProfile,
  createTopic,
  editPost,
  followTopic,
  likePost,
  postHistory,
  recentTopics,
  replyToTopic,
  topicPage,
  voteOnIdea,
} from './community.service.js';
import type { CommunityActor } from './community-actor.js';
import { changeIdeaStatus, mergeIdea } from './community-moderation.service.js';
import {
  categoryList,
  dateOf,
  editForm,
  historyBody,
  newTopicForm,
  searchResults,
  topicBody,
  topicList,
} from './community-pages.js';
import { communitySitemap, searchCommunity } from './community-search.service.js';

function actorOf(viewer: PortalViewer): CommunityActor {
  if (viewer.kind === 'staff') {
    return {
      kind: 'staff',
      organisationId: viewer.organisationId,
      userId: viewer.userId,
      moderator: viewer.principal.permissions.has('community:moderate'),
      principal: viewer.principal,
    };
  }
  if (viewer.kind === 'participant') {
    return {
      kind: 'participant',
      organisationId: viewer.organisationId,
      contactId: viewer.contactId,
    };
  }
  return { kind: 'anonymous', organisationId: viewer.organisationId };
}

function idParam(request: FastifyRequest, name = 'id'): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw notFound('page');
  return Number(raw);
}

function queryText(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** After a form: back to the page, with a 303 so reloading does not post again. */
function seeOther(reply: FastifyReply, path: string) {
  return reply.code(303).header('location', portalPath(path)).send();
}

/** The community's pages in the portal: categories, topics, posting, search, profiles. */
export const communityPortalSection: PortalSection = {
  name: 'community',

  async home(frame, viewer) {
    const { categories, topics } = await recentTopics(frame.context, actorOf(viewer), 10);
    return html`<h2>Categories</h2>${categoryList(categories)}
<h2>Latest topics</h2>${
      topics.length === 0
        ? html`<p>No topics yet.</p>`
        : html`<ul class="list">${topics.map(
            (topic) =>
              html`<li><a href="${portalPath(`/t/${topic.id}`)}">${topic.title}</a> <span class="meta">${dateOf(topic.last_posted_at)}</span></li>`,
          )}</ul>`
    }`;
  },

  async sitemap(frame, organisationId) {
    const { categories, topics } = await communitySitemap(frame.context, organisationId);
    return [
      ...categories.map((category) => ({ path: `/c/${category.slug}`, lastModified: null })),
      ...topics.map((topic) => ({ path: `/t/${topic.id}`, lastModified: topic.updated_at })),
    ];
  },

  register(app: FastifyInstance, frame: PortalFrame) {
    const context = frame.context;

    app.get('/c/:slug', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const actor = actorOf(viewer);
      const slug = (request.params as { slug: string }).slug;
      const category = await categoryBySlug(context, actor, slug);
      const page = await categoryPage(
        context,
        actor,
        category,
        parseCursor(queryText(request, 'before')),
      );
      const next = cursorOf(page.next);
      const canStart =
        viewer.kind !== 'anonymous' &&
        (category.kind !== 'announcements' || (actor.kind === 'staff' && actor.moderator));
      await frame.page(reply, viewer, {
        title: category.name,
        description: category.description || `${category.name}: topics of the community`,
        path: `/c/${category.slug}`,
        noIndex: category.visibility !== 'everyone' || queryText(request, 'before') !== undefined,
        body: html`<h1>${category.name}</h1>
${category.description ? html`<p>${category.description}</p>` : null}
${canStart ? html`<p><a href="${portalPath(`/c/${category.slug}/new`)}">Start a topic</a></p>` : null}
${viewer.kind === 'anonymous' ? html`<p><a href="${portalPath('/sign-in')}">Sign in</a> to start a topic.</p>` : null}
${topicList(page.topics, page.names)}
${next ? html`<nav class="pages" aria-label="Pages"><a href="${portalPath(`/c/${category.slug}?before=${next}`)}">Older topics</a></nav>` : null}`,
      });
    });

    app.get('/c/:slug/new', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      if (viewer.kind === 'anonymous') throw new AppError('unauthenticated', 'sign in to do this');
      const category = await categoryBySlug(
        context,
        actorOf(viewer),
        (request.params as { slug: string }).slug,
      );
      await frame.page(reply, viewer, {
        title: `New topic in ${category.name}`,
        description: `Start a topic in ${category.name}`,
        path: `/c/${category.slug}/new`,
        noIndex: true,
        body: html`<h1>New topic in ${category.name}</h1>${newTopicForm(frame, viewer, category)}`,
      });
    });

    app.post('/c/:slug/topics', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const actor = actorOf(viewer);
      const category = await categoryBySlug(
        context,
        actor,
        (request.params as { slug: string }).slug,
      );
      const created = await createTopic(context, actor, {
        categoryId: category.id,
        title: form.title ?? '',
        body: form.body ?? '',
      });
      return seeOther(reply, `/t/${created.topicId}`);
    });

    app.get('/t/:id', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const after = queryText(request, 'after');
      const view = await topicPage(
        context,
        actorOf(viewer),
        idParam(request),
        after && /^\d{1,15}$/.test(after) ? Number(after) : 0,
      );
      const first = view.posts[0];
      await frame.page(reply, viewer, {
        title: view.topic.title,
        description: (first?.body ?? view.topic.title).replace(/\s+/g, ' ').slice(0, 160),
        path: `/t/${view.topic.id}`,
        type: 'article',
        noIndex: view.category.visibility !== 'everyone' || after !== undefined,
        body: topicBody(frame, viewer, view),
      });
    });

    app.post('/t/:id/reply', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const topicId = idParam(request);
      const created = await replyToTopic(context, actorOf(viewer), topicId, form.body ?? '');
      return seeOther(reply, `/t/${topicId}#post-${created.postId}`);
    });

    app.post('/t/:id/vote', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const topicId = idParam(request);
      await voteOnIdea(context, actorOf(viewer), topicId, form.on !== '0');
      return seeOther(reply, `/t/${topicId}`);
    });

    app.post('/t/:id/follow', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const topicId = idParam(request);
      await followTopic(context, actorOf(viewer), topicId, form.on !== '0');
      return seeOther(reply, `/t/${topicId}`);
    });

    app.post('/t/:id/accept', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const topicId = idParam(request);
      const postId =
        form.post_id && /^[1-9]\d{0,14}$/.test(form.post_id) ? Number(form.post_id) : null;
      await acceptAnswer(context, actorOf(viewer), topicId, postId);
      return seeOther(reply, `/t/${topicId}`);
    });

    app.post('/t/:id/status', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const topicId = idParam(request);
      const status = form.status ?? '';
      if (status !== '' && !['under_review', 'planned', 'declined', 'done'].includes(status)) {
        throw new AppError('validation_failed', 'unknown status');
      }
      await changeIdeaStatus(
        context,
        actorOf(viewer),
        topicId,
        status === '' ? null : (status as 'under_review'),
        form.reason,
      );
      return seeOther(reply, `/t/${topicId}`);
    });

    app.post('/t/:id/merge', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const topicId = idParam(request);
      const into = form.into_topic_id ?? '';
      if (!/^[1-9]\d{0,14}$/.test(into)) {
        throw new AppError('validation_failed', 'give the number of the idea to merge into');
      }
      await mergeIdea(context, actorOf(viewer), topicId, Number(into));
      return seeOther(reply, `/t/${into}`);
    });

    app.post('/p/:id/like', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const postId = idParam(request);
      await likePost(context, actorOf(viewer), postId, form.on !== '0');
      const { topic } = await postHistory(context, actorOf(viewer), postId);
      return seeOther(reply, `/t/${topic.id}#post-${postId}`);
    });

    app.get('/p/:id/edit', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      if (viewer.kind === 'anonymous') throw new AppError('unauthenticated', 'sign in to do this');
      const { post, topic } = await postHistory(context, actorOf(viewer), idParam(request));
      await frame.page(reply, viewer, {
        title: `Edit a post in ${topic.title}`,
        description: `Edit a post in ${topic.title}`,
        path: `/p/${post.id}/edit`,
        noIndex: true,
        body: html`<h1>Edit a post in <a href="${portalPath(`/t/${topic.id}`)}">${topic.title}</a></h1>${editForm(frame, viewer, post)}`,
      });
    });

    app.post('/p/:id/edit', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const form = frame.formOf(request, viewer);
      const postId = idParam(request);
      await editPost(context, actorOf(viewer), postId, form.body ?? '');
      const { topic } = await postHistory(context, actorOf(viewer), postId);
      return seeOther(reply, `/t/${topic.id}#post-${postId}`);
    });

    app.get('/p/:id/history', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const { post, topic, revisions } = await postHistory(
        context,
        actorOf(viewer),
        idParam(request),
      );
      await frame.page(reply, viewer, {
        title: `Edits of a post in ${topic.title}`,
        description: `Edits of a post in ${topic.title}`,
        path: `/p/${post.id}/history`,
        noIndex: true,
        body: html`<h1>Edits of a post in <a href="${portalPath(`/t/${topic.id}`)}">${topic.title}</a></h1>${historyBody(post, revisions)}`,
      });
    });

    app.get('/u/:key', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const key = (request.params as { key: string }).key;
      const match = /^(user|contact)-([1-9]\d{0,14})$/.exec(key);
      if (!match) throw notFound('person');
      const id = Number(match[2]);
      const profile = await communityProfile(context, actorOf(viewer), {
        userId: match[1] === 'user' ? id : null,
        contactId: match[1] === 'contact' ? id : null,
      });
      await frame.page(reply, viewer, {
        title: profile.name,
        description: `${profile.name} in the community`,
        path: `/u/${key}`,
        noIndex: true,
        body: html`<h1>${profile.name}${profile.isStaff ? html` <span class="badge staff">staff</span>` : null}</h1>
<p>${profile.acceptedCount} accepted ${profile.acceptedCount === 1 ? 'answer' : 'answers'}</p>
<h2>Latest posts</h2>
${
  profile.posts.length === 0
    ? html`<p>No posts yet.</p>`
    : html`<ul class="list">${profile.posts.map(
        (post) =>
          html`<li><a href="${portalPath(`/t/${post.topic_id}#post-${post.id}`)}">${post.title}</a>${
            post.accepted_post_id === post.id
              ? html` <span class="badge">accepted answer</span>`
              : null
          } <span class="meta">${dateOf(post.created_at)}</span></li>`,
      )}</ul>`
}`,
      });
    });

    app.get('/search', async (request, reply) => {
      const viewer = await frame.viewerOf(request);
      const query = (queryText(request, 'q') ?? '').slice(0, 200);
      const result =
        query.trim() === ''
          ? { hits: [], categories: new Map(), markers: { start: '', stop: '' } }
          : await searchCommunity(context, actorOf(viewer), query);
      await frame.page(reply, viewer, {
        title: query ? `Search: ${query}` : 'Search',
        description: 'Search the community',
        path: '/search',
        noIndex: true,
        body: html`<h1>Search</h1>${searchResults(query, result.hits, result.categories, result.markers)}`,
      });
    });
  },
};
