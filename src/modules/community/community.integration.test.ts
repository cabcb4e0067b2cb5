import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { listAudit } from '../audit/index.js';

/**
 * The community's staff API: categories and their visibility, topics and replies, edits with
 * history, likes and votes once per person (even when submitted twice at once), accepted
 * answers, idea statuses, merging duplicates, and search with visibility and highlighting.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let lead: SignedIn;
let agent: SignedIn;
let otherAgent: SignedIn;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  lead = await signIn(app, runtime, 'lead');
  agent = await signIn(app, runtime, 'agent');
  otherAgent = await signIn(app, runtime, 'agent');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

async function call(
  who: SignedIn | null,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.inject({
    method,
    url,
    headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
    ...(payload ? { payload } : {}),
  });
}

async function category(slug: string, kind: string, visibility = 'everyone'): Promise<number> {
  const created = await call(lead, 'POST', '/api/v1/community/categories', {
    name: `Category ${slug}`,
    slug,
    kind,
    visibility,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id;
}

async function topic(who: SignedIn, categoryId: number, title: string, body: string) {
  const created = await call(who, 'POST', '/api/v1/community/topics', {
    category_id: categoryId,
    title,
    body,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { topic_id: number; post_id: number };
}

async function reply(who: SignedIn, topicId: number, body: string): Promise<number> {
  const created = await call(who, 'POST', `/api/v1/community/topics/${topicId}/posts`, { body });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().post_id;
}

let questions: number;
let ideas: number;
let staffOnly: number;

describe('categories', () => {
  it('are created by moderators only, with unique slugs and audited', async () => {
    questions = await category('help', 'qa');
    ideas = await category('ideas', 'ideas');
    staffOnly = await category('internal', 'qa', 'staff');
    expect(
      (
        await call(agent, 'POST', '/api/v1/community/categories', {
          name: 'Mine',
          slug: 'mine',
          kind: 'qa',
          visibility: 'everyone',
        })
      ).statusCode,
    ).toBe(403);
    const taken = await call(lead, 'POST', '/api/v1/community/categories', {
      name: 'Again',
      slug: 'help',
      kind: 'qa',
      visibility: 'everyone',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('community_slug_taken');
    const bad = await call(lead, 'POST', '/api/v1/community/categories', {
      name: 'Bad',
      slug: 'Not A Slug',
      kind: 'forum',
      visibility: 'everyone',
    });
    expect(bad.statusCode).toBe(400);
    const changed = await call(lead, 'PATCH', `/api/v1/community/categories/${questions}`, {
      description: 'Ask anything',
      unanswered_hours: 12,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ description: 'Ask anything', unanswered_hours: 12 });
    const audit = await listAudit(runtime.database.db, runtime.organisationId, {
      subjectType: 'community_category',
      limit: 10,
    });
    expect(audit.map((entry) => entry.action)).toContain('community.category_created');
    const list = await call(agent, 'GET', '/api/v1/community/categories');
    expect(list.json().data.map((row: { slug: string }) => row.slug)).toEqual([
      'help',
      'ideas',
      'internal',
    ]);
    expect((await call(null, 'GET', '/api/v1/community/categories')).statusCode).toBe(401);
  });
});

describe('topics and posts', () => {
  it('keeps the staff mark, edits with history and refuses bad input', async () => {
    const created = await topic(agent, questions, 'How do I reset my card PIN?', 'I *forgot* it.');
    const second = await reply(otherAgent, created.topic_id, 'Use the app: **Cards → PIN**.');
    const detail = await call(agent, 'GET', `/api/v1/community/topics/${created.topic_id}`);
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.topic).toMatchObject({ title: 'How do I reset my card PIN?', posts: 2 });
    expect(body.posts[0].author.staff).toBe(true);
    expect(body.posts[0].body_html).toBe('<p>I <em>forgot</em> it.</p>\n');
    expect(body.following).toBe(true);

    // Only the author or a moderator edits; the earlier text is kept.
    expect(
      (await call(agent, 'PATCH', `/api/v1/community/posts/${second}`, { body: 'mine now' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await call(otherAgent, 'PATCH', `/api/v1/community/posts/${second}`, {
          body: 'Use the app.',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await call(lead, 'PATCH', `/api/v1/community/posts/${second}`, {
          body: 'Use the app, or call us.',
        })
      ).statusCode,
    ).toBe(204);
    const history = await call(agent, 'GET', `/api/v1/community/posts/${second}/revisions`);
    expect(history.json().data.map((row: { body: string }) => row.body)).toEqual([
      'Use the app.',
      'Use the app: **Cards → PIN**.',
    ]);

    for (const bad of [
      { category_id: questions, title: 'ab', body: 'short title' },
      { category_id: questions, title: 'A fine title', body: '   ' },
      { category_id: questions, title: 'Line\nbreak', body: 'x' },
      { category_id: questions, title: 'A fine title', body: 'bell \u0007' },
    ]) {
      const refused = await call(agent, 'POST', '/api/v1/community/topics', bad);
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(
      (
        await call(agent, 'POST', '/api/v1/community/topics', {
          category_id: 999999,
          title: 'Where?',
          body: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lists a category page by page, most recently active first', async () => {
    const paged = await category('paged', 'qa');
    for (let index = 0; index < 32; index += 1) {
      await topic(agent, paged, `Topic number ${index}`, 'body');
    }
    const first = await call(agent, 'GET', `/api/v1/community/categories/${paged}/topics`);
    expect(first.json().data).toHaveLength(30);
    expect(first.json().data[0].title).toBe('Topic number 31');
    const next = await call(
      agent,
      'GET',
      `/api/v1/community/categories/${paged}/topics?before=${first.json().next_cursor}`,
    );
    expect(next.json().data.map((row: { title: string }) => row.title)).toEqual([
      'Topic number 1',
      'Topic number 0',
    ]);
    expect(next.json().next_cursor).toBeNull();
  });

  it('announcements are started by moderators only', async () => {
    const news = await category('news', 'announcements');
    expect(
      (
        await call(agent, 'POST', '/api/v1/community/topics', {
          category_id: news,
          title: 'Hello all',
          body: 'x',
        })
      ).statusCode,
    ).toBe(403);
    await topic(lead, news, 'New opening hours', 'From Monday.');
  });
});

describe('likes, votes and follows', () => {
  it('count once per person even when submitted twice at once, and never for oneself', async () => {
    const created = await topic(
      agent,
      questions,
      'Is there a fee for transfers abroad?',
      'Asking.',
    );
    const answer = await reply(otherAgent, created.topic_id, 'No fee within Europe.');
    const likes = await Promise.all(
      Array.from({ length: 4 }, () => call(agent, 'PUT', `/api/v1/community/posts/${answer}/like`)),
    );
    expect(likes.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
    const lead2 = await call(lead, 'PUT', `/api/v1/community/posts/${answer}/like`);
    expect(lead2.json()).toEqual({ likes: 2 });
    expect(
      (await call(otherAgent, 'PUT', `/api/v1/community/posts/${answer}/like`)).statusCode,
    ).toBe(403);
    const unliked = await Promise.all(
      Array.from({ length: 3 }, () =>
        call(agent, 'DELETE', `/api/v1/community/posts/${answer}/like`),
      ),
    );
    expect(unliked.at(-1)?.statusCode).toBe(200);
    expect(
      (await call(lead, 'GET', `/api/v1/community/topics/${created.topic_id}`)).json().posts[1]
        .likes,
    ).toBe(1);

    // Votes belong to ideas.
    expect(
      (await call(agent, 'PUT', `/api/v1/community/topics/${created.topic_id}/vote`)).statusCode,
    ).toBe(409);
    const idea = await topic(agent, ideas, 'Dark mode in the app', 'Please.');
    await Promise.all(
      Array.from({ length: 5 }, () =>
        call(otherAgent, 'PUT', `/api/v1/community/topics/${idea.topic_id}/vote`),
      ),
    );
    const voted = await call(lead, 'PUT', `/api/v1/community/topics/${idea.topic_id}/vote`);
    expect(voted.json()).toEqual({ votes: 2 });

    expect(
      (await call(lead, 'PUT', `/api/v1/community/topics/${created.topic_id}/follow`)).statusCode,
    ).toBe(204);
    expect(
      (await call(lead, 'GET', `/api/v1/community/topics/${created.topic_id}`)).json().following,
    ).toBe(true);
    expect(
      (await call(lead, 'DELETE', `/api/v1/community/topics/${created.topic_id}/follow`))
        .statusCode,
    ).toBe(204);
    expect(
      (await call(lead, 'GET', `/api/v1/community/topics/${created.topic_id}`)).json().following,
    ).toBe(false);
  });
});

describe('accepted answers', () => {
  it('are chosen by the asker or a moderator, among the replies of the question', async () => {
    const question = await topic(agent, questions, 'Can I change my statement date?', 'Monthly.');
    const first = await reply(otherAgent, question.topic_id, 'Call us.');
    const better = await reply(lead, question.topic_id, 'Yes, under Settings → Statements.');
    const other = await topic(agent, questions, 'Another question', 'x');
    const elsewhere = await reply(otherAgent, other.topic_id, 'elsewhere');

    const accept = (who: SignedIn, postId: number | null, topicId = question.topic_id) =>
      call(who, 'PUT', `/api/v1/community/topics/${topicId}/accepted-answer`, { post_id: postId });
    expect((await accept(otherAgent, first)).statusCode).toBe(403);
    expect((await accept(agent, question.post_id)).statusCode).toBe(400);
    expect((await accept(agent, elsewhere)).statusCode).toBe(404);
    expect((await accept(agent, first)).statusCode).toBe(204);
    expect((await accept(lead, better)).statusCode).toBe(204);
    const detail = (
      await call(agent, 'GET', `/api/v1/community/topics/${question.topic_id}`)
    ).json();
    expect(detail.topic.accepted_post_id).toBe(better);
    expect(detail.accepted_post.id).toBe(better);
    expect(detail.accepted_post.author.staff).toBe(true);

    const idea = await topic(agent, ideas, 'An idea, not a question', 'x');
    const ideaReply = await reply(otherAgent, idea.topic_id, 'Agreed');
    expect((await accept(agent, ideaReply, idea.topic_id)).statusCode).toBe(409);
  });
});

describe('ideas', () => {
  it('take staff statuses (declined with a reason) and merge carrying votes and followers', async () => {
    const keep = await topic(agent, ideas, 'Export statements as CSV', 'Please.');
    const duplicate = await topic(otherAgent, ideas, 'CSV download of statements', 'Same.');
    await call(lead, 'PUT', `/api/v1/community/topics/${keep.topic_id}/vote`);
    await call(lead, 'PUT', `/api/v1/community/topics/${duplicate.topic_id}/vote`);
    await call(admin, 'PUT', `/api/v1/community/topics/${duplicate.topic_id}/vote`);
    await call(agent, 'PUT', `/api/v1/community/topics/${duplicate.topic_id}/vote`);

    const status = (who: SignedIn, topicId: number, payload: object) =>
      call(who, 'PUT', `/api/v1/community/topics/${topicId}/idea-status`, payload);
    expect((await status(agent, keep.topic_id, { status: 'planned' })).statusCode).toBe(403);
    const noReason = await status(lead, keep.topic_id, { status: 'declined' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('/reason');
    expect(
      (await status(lead, keep.topic_id, { status: 'declined', reason: 'Not this year.' }))
        .statusCode,
    ).toBe(204);
    expect((await status(lead, keep.topic_id, { status: 'planned' })).statusCode).toBe(204);

    const merged = await call(
      lead,
      'POST',
      `/api/v1/community/topics/${duplicate.topic_id}/merge`,
      {
        into_topic_id: keep.topic_id,
      },
    );
    expect(merged.statusCode, merged.body).toBe(200);
    // lead voted for both and counts once; admin and agent carry over.
    expect(merged.json()).toEqual({ votes: 3 });
    const kept = (
      await call(otherAgent, 'GET', `/api/v1/community/topics/${keep.topic_id}`)
    ).json();
    expect(kept.topic).toMatchObject({
      votes: 3,
      idea_status: 'planned',
      idea_status_reason: null,
    });
    // The duplicate's author followed it, and now follows the idea it joined.
    expect(kept.following).toBe(true);
    const gone = (
      await call(otherAgent, 'GET', `/api/v1/community/topics/${duplicate.topic_id}`)
    ).json();
    expect(gone.topic).toMatchObject({ state: 'merged', merged_into_id: keep.topic_id });
    expect(
      (await call(agent, 'PUT', `/api/v1/community/topics/${duplicate.topic_id}/vote`)).statusCode,
    ).toBe(409);
    expect(
      (
        await call(agent, 'POST', `/api/v1/community/topics/${duplicate.topic_id}/posts`, {
          body: 'late',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await call(lead, 'POST', `/api/v1/community/topics/${keep.topic_id}/merge`, {
          into_topic_id: keep.topic_id,
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe('hiding and search', () => {
  it('ranks matches, highlights them as text parts, and respects hidden posts', async () => {
    const strong = await topic(
      agent,
      questions,
      'Overdraft overdraft limits',
      'What is the overdraft limit?',
    );
    await topic(agent, questions, 'Mortgage rates', 'Does the overdraft matter for a mortgage?');
    const secret = await topic(agent, staffOnly, 'Internal overdraft memo', 'staff only');
    const search = await call(agent, 'GET', '/api/v1/community/search?q=overdraft');
    expect(search.statusCode).toBe(200);
    const hits = search.json().data as {
      topic_id: number;
      rank: number;
      snippet: { text: string; match: boolean }[];
    }[];
    expect(hits[0]?.topic_id).toBe(strong.topic_id);
    expect(hits.map((hit) => hit.topic_id)).toContain(secret.topic_id);
    expect(
      hits[0]?.snippet.some((part) => part.match && part.text.toLowerCase() === 'overdraft'),
    ).toBe(true);
    expect(hits[0]?.rank).toBeGreaterThanOrEqual(hits[1]?.rank ?? 0);

    const hide = await call(lead, 'PUT', `/api/v1/community/posts/${secret.post_id}/hidden`, {
      hidden: true,
    });
    expect(hide.statusCode).toBe(204);
    const after = await call(agent, 'GET', '/api/v1/community/search?q=memo');
    expect(after.json().data).toEqual([]);
    expect(
      (
        await call(agent, 'PUT', `/api/v1/community/posts/${strong.post_id}/hidden`, {
          hidden: true,
        })
      ).statusCode,
    ).toBe(403);
    // Prefixes match; operators in the query are words, never syntax.
    const prefix = await call(
      agent,
      'GET',
      `/api/v1/community/search?q=${encodeURIComponent('mortg" * ^(')}`,
    );
    expect(prefix.statusCode).toBe(200);
    expect(prefix.json().data.length).toBeGreaterThan(0);
  });
});

describe('listening', () => {
  it('sends every post through the ingest pipeline on the community channel', async () => {
    const created = await topic(
      agent,
      questions,
      'Why was my payment declined twice?',
      'Furious about this.',
    );
    const replyId = await reply(lead, created.topic_id, 'Sorry, looking into it.');
    await runtime.worker.drain();
    const db = runtime.database.db;
    const messages = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.external_id',
        'messages.direction',
        'messages.text',
        'messages.conversation_id',
      ])
      .where('messages.organisation_id', '=', runtime.organisationId)
      .where('messages.channel', '=', 'community')
      .where('messages.external_id', 'in', [`post-${created.post_id}`, `post-${replyId}`])
      .orderBy('messages.id')
      .execute();
    expect(messages.map((row) => [row.external_id, row.direction])).toEqual([
      [`post-${created.post_id}`, 'outbound'],
      [`post-${replyId}`, 'outbound'],
    ]);
    expect(messages[0]?.text).toBe('Why was my payment declined twice?\n\nFurious about this.');
    // The reply threads into the topic's conversation.
    expect(messages[0]?.conversation_id).toBe(messages[1]?.conversation_id);
  });
});
