import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { activeContent, scriptPayloads } from '../portal/inert-html.test-helper.js';

/**
 * The portal as HTML: the frame (title, canonical, Open Graph, language, CSP, sitemap, branding),
 * anonymous readers limited to public categories (anything else is a 404 page), staff posting
 * through plain forms with a CSRF token, and script payloads in every field staying inert.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let lead: SignedIn;
let agent: SignedIn;

beforeAll(async () => {
  runtime = await createTestRuntime({ portalUrl: 'https://community.example.com/portal' });
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  lead = await signIn(app, runtime, 'lead');
  agent = await signIn(app, runtime, 'agent');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const api = (who: SignedIn, method: 'POST' | 'PATCH', url: string, payload: object) =>
  app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload });

const page = (url: string, who?: SignedIn) =>
  app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

async function csrfOf(who: SignedIn, url: string): Promise<string> {
  const body = (await page(url, who)).body;
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error(`no csrf field on ${url}`);
  return match[1] as string;
}

const form = (who: SignedIn | null, url: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(who ? { cookie: who.cookie } : {}),
    },
    payload: new URLSearchParams(fields).toString(),
  });

let publicTopic: number;
let staffTopic: number;

describe('the portal frame', () => {
  it('serves a branded, indexable home page with a strict policy and a sitemap', async () => {
    await api(admin, 'PATCH', '/api/v1/organisation', {
      name: 'Acme Bank',
      language: 'de',
      brand_colour: '#0a7d4f',
      logo_url: 'https://cdn.example.com/logo.png',
    });
    const help = await api(lead, 'POST', '/api/v1/community/categories', {
      name: 'Help',
      slug: 'help',
      kind: 'qa',
      visibility: 'everyone',
    });
    const members = await api(lead, 'POST', '/api/v1/community/categories', {
      name: 'Members',
      slug: 'members',
      kind: 'qa',
      visibility: 'signed_in',
    });
    const internal = await api(lead, 'POST', '/api/v1/community/categories', {
      name: 'Internal',
      slug: 'internal',
      kind: 'qa',
      visibility: 'staff',
    });
    publicTopic = (
      await api(agent, 'POST', '/api/v1/community/topics', {
        category_id: help.json().id,
        title: 'Opening hours at Christmas',
        body: 'When are you open?',
      })
    ).json().topic_id;
    await api(agent, 'POST', '/api/v1/community/topics', {
      category_id: members.json().id,
      title: 'Members only question',
      body: 'x',
    });
    staffTopic = (
      await api(agent, 'POST', '/api/v1/community/topics', {
        category_id: internal.json().id,
        title: 'Internal escalation notes',
        body: 'x',
      })
    ).json().topic_id;

    const home = await page('/portal');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toContain('text/html');
    const policy = String(home.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(home.body).toContain('<html lang="de">');
    expect(home.body).toContain('<title>Acme Bank</title>');
    expect(home.body).toContain(
      '<link rel="canonical" href="https://community.example.com/portal">',
    );
    expect(home.body).toContain('<meta property="og:site_name" content="Acme Bank">');
    expect(home.body).toContain(
      '<meta property="og:image" content="https://cdn.example.com/logo.png">',
    );
    expect(home.body).toContain('Opening hours at Christmas');
    expect(home.body).not.toContain('Members only question');
    expect(home.body).not.toContain('Internal escalation notes');
    expect(home.body).not.toMatch(/<script/i);

    const brand = await page('/portal/brand.css');
    expect(brand.body).toBe(':root { --brand: #0a7d4f; }\n');
    expect((await page('/portal/portal.css')).headers['content-type']).toContain('text/css');

    const sitemap = await page('/portal/sitemap.xml');
    expect(sitemap.headers['content-type']).toContain('application/xml');
    expect(sitemap.body).toContain('<loc>https://community.example.com/portal/c/help</loc>');
    expect(sitemap.body).toContain(
      `<loc>https://community.example.com/portal/t/${publicTopic}</loc>`,
    );
    expect(sitemap.body).not.toContain('/c/members');
    expect(sitemap.body).not.toContain(`/t/${staffTopic}<`);
  });

  it('answers unknown and hidden pages with the same 404 page', async () => {
    const missing = await page('/portal/t/987654');
    const hidden = await page(`/portal/t/${staffTopic}`);
    const membersOnly = await page('/portal/c/members');
    for (const response of [
      missing,
      hidden,
      membersOnly,
      await page('/portal/nowhere'),
      await page('/portal/t/abc'),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('This page does not exist, or you cannot see it.');
    }
    expect(hidden.body).not.toContain('Internal escalation notes');
    const staffView = await page(`/portal/t/${staffTopic}`, agent);
    expect(staffView.statusCode).toBe(200);
    expect(staffView.body).toContain('Internal escalation notes');
    expect(staffView.body).toContain('<meta name="robots" content="noindex">');
  });
});

describe('posting through forms', () => {
  it('needs a signed-in viewer and the CSRF token of their session', async () => {
    const anonymous = await form(null, '/portal/c/help/topics', { title: 'Hi there', body: 'x' });
    expect(anonymous.statusCode).toBe(401);
    const forged = await form(agent, '/portal/c/help/topics', {
      _csrf: 'not-the-token',
      title: 'Forged topic',
      body: 'x',
    });
    expect(forged.statusCode).toBe(403);
    const csrf = await csrfOf(agent, '/portal/c/help/new');
    const created = await form(agent, '/portal/c/help/topics', {
      _csrf: csrf,
      title: 'Card blocked abroad',
      body: 'My card was **blocked** in Spain.',
    });
    expect(created.statusCode).toBe(303);
    const location = String(created.headers.location);
    expect(location).toMatch(/^\/portal\/t\/\d+$/);
    const topic = await page(location);
    expect(topic.body).toContain('<title>Card blocked abroad · Acme Bank</title>');
    expect(topic.body).toContain('<meta property="og:type" content="article">');
    expect(topic.body).toContain('<strong>blocked</strong>');
    expect(topic.body).toContain('<span class="badge staff">staff</span>');

    const topicId = Number(location.split('/').at(-1));
    const leadCsrf = await csrfOf(lead, location);
    const replied = await form(lead, `${location}/reply`, {
      _csrf: leadCsrf,
      body: 'Call the number on the back of the card.',
    });
    expect(replied.statusCode).toBe(303);
    const replyId = Number(/#post-(\d+)$/.exec(String(replied.headers.location))?.[1]);
    // The asker accepts it: it moves to the top, under "Accepted answer".
    const accepted = await form(agent, `${location}/accept`, {
      _csrf: csrf,
      post_id: String(replyId),
    });
    expect(accepted.statusCode).toBe(303);
    const answered = (await page(location)).body;
    expect(answered.indexOf('Accepted answer')).toBeGreaterThan(-1);
    expect(answered.indexOf('Accepted answer')).toBeLessThan(
      answered.indexOf('<h2>Replies</h2>') === -1 ? Infinity : answered.indexOf('<h2>Replies</h2>'),
    );
    // Liking twice (a double submit) counts once.
    await Promise.all([
      form(agent, `/portal/p/${replyId}/like`, { _csrf: csrf, on: '1' }),
      form(agent, `/portal/p/${replyId}/like`, { _csrf: csrf, on: '1' }),
    ]);
    expect((await page(location)).body).toContain('1 like');
    // The answerer's profile credits the accepted answer.
    const leadUserId = /href="\/portal\/u\/user-(\d+)">Test lead/.exec(answered)?.[1];
    const profile = await page(`/portal/u/user-${leadUserId}`);
    expect(profile.body).toContain('1 accepted answer');
    expect(topicId).toBeGreaterThan(0);
  });
});

describe('script payloads', () => {
  it('stay inert in every field of every page', async () => {
    for (const [index, payload] of scriptPayloads.entries()) {
      const category = await api(lead, 'POST', '/api/v1/community/categories', {
        name: `Cat ${payload}`.slice(0, 100),
        slug: `payload-${index}`,
        description: payload,
        kind: 'ideas',
        visibility: 'everyone',
      });
      expect(category.statusCode, category.body).toBe(201);
      const topic = await api(agent, 'POST', '/api/v1/community/topics', {
        category_id: category.json().id,
        title: `Title ${payload}`.slice(0, 200),
        body: `${payload}\n\n${payload} searchable${index}`,
      });
      expect(topic.statusCode, topic.body).toBe(201);
      const topicId = topic.json().topic_id;
      await api(lead, 'POST', `/api/v1/community/topics/${topicId}/posts`, { body: payload });
      const pages = [
        '/portal',
        `/portal/c/payload-${index}`,
        `/portal/t/${topicId}`,
        `/portal/search?q=${encodeURIComponent(`searchable${index} ${payload}`)}`,
        `/portal/search?q=${encodeURIComponent(payload)}`,
        `/portal/${encodeURIComponent(payload)}`,
      ];
      for (const url of pages) {
        for (const who of [undefined, agent]) {
          const response = await page(url, who);
          expect(activeContent(response.body), `${url} with ${payload}`).toEqual([]);
        }
      }
      const search = await page(`/portal/search?q=searchable${index}`);
      expect(search.body, payload).toContain(`<mark>searchable${index}</mark>`);
    }
  });
});
