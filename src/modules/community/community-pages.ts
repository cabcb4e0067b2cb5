import {
  type Html,
  highlighted,
  html,
  type PortalFrame,
  type PortalViewer,
  portalPath,
  storedMarkdown,
} from '../portal/index.js';
import type { CategoryRow, PostRow, TopicRow } from './community.repository.js';
import type { AuthorNames, topicPage } from './community.service.js';

const kindLabel = { qa: 'Questions', ideas: 'Ideas', announcements: 'Announcements' } as const;
const statusLabel = {
  under_review: 'Under review',
  planned: 'Planned',
  declined: 'Declined',
  done: 'Done',
} as const;

export function dateOf(instant: number): Html {
  const iso = new Date(instant).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)}</time>`;
}

function authorLink(
  row: { author_user_id: number | null; author_contact_id: number | null; is_staff?: number },
  names: AuthorNames,
): Html {
  const staff = row.is_staff === undefined ? row.author_user_id !== null : row.is_staff === 1;
  const key =
    row.author_user_id !== null ? `user-${row.author_user_id}` : `contact-${row.author_contact_id}`;
  const name =
    (row.author_user_id !== null
      ? names.userName(row.author_user_id)
      : names.contactName(row.author_contact_id)) ?? 'Community member';
  return html`<a href="${portalPath(`/u/${key}`)}">${name}</a>${
    staff ? html` <span class="badge staff">staff</span>` : null
  }`;
}

export function categoryList(categories: readonly CategoryRow[]): Html {
  if (categories.length === 0) return html`<p>No categories yet.</p>`;
  return html`<ul class="list">${categories.map(
    (category) =>
      html`<li><a href="${portalPath(`/c/${category.slug}`)}"><strong>${category.name}</strong></a>
<span class="badge">${kindLabel[category.kind]}</span>${
        category.visibility === 'staff'
          ? html` <span class="badge">staff only</span>`
          : category.visibility === 'signed_in'
            ? html` <span class="badge">members only</span>`
            : null
      }
${category.description ? html`<p class="meta">${category.description}</p>` : null}</li>`,
  )}</ul>`;
}

export function topicList(topics: readonly TopicRow[], names: AuthorNames): Html {
  if (topics.length === 0) return html`<p>No topics yet.</p>`;
  return html`<ul class="list">${topics.map(
    (topic) => html`<li><a href="${portalPath(`/t/${topic.id}`)}">${topic.title}</a>
${topic.accepted_post_id !== null ? html` <span class="badge">answered</span>` : null}
${topic.idea_status ? html` <span class="badge">${statusLabel[topic.idea_status]}</span>` : null}
${topic.state === 'merged' ? html` <span class="badge">merged</span>` : null}
<p class="meta">by ${authorLink(topic, names)} · ${topic.posts_count} ${
      topic.posts_count === 1 ? 'post' : 'posts'
    }${topic.votes_count > 0 ? html` · ${topic.votes_count} votes` : null} · last activity ${dateOf(topic.last_posted_at)}</p></li>`,
  )}</ul>`;
}

export function newTopicForm(
  frame: PortalFrame,
  viewer: PortalViewer,
  category: CategoryRow,
): Html {
  return html`<form method="post" action="${portalPath(`/c/${category.slug}/topics`)}">
${frame.csrfField(viewer)}
<label for="topic-title">Title</label>
<input id="topic-title" type="text" name="title" required minlength="3" maxlength="200">
<label for="topic-body">Your post (Markdown)</label>
<textarea id="topic-body" name="body" required maxlength="20000"></textarea>
<p><button class="primary" type="submit">Post topic</button></p>
</form>`;
}

type TopicView = Awaited<ReturnType<typeof topicPage>>;

function postArticle(
  frame: PortalFrame,
  viewer: PortalViewer,
  view: TopicView,
  post: PostRow & { revisions_count?: number | string | null },
  options: { accepted: boolean; first: boolean },
): Html {
  const signedIn = viewer.kind !== 'anonymous';
  const own = viewer.kind === 'staff' ? post.author_user_id === viewer.userId : false;
  const moderator =
    viewer.kind === 'staff' && viewer.principal.permissions.has('community:moderate');
  const liked = view.liked.has(post.id);
  const edited = Number(post.revisions_count ?? 0) > 0;
  return html`<article class="post${options.accepted ? ' accepted' : ''}" id="post-${post.id}" aria-label="${
    options.accepted ? 'Accepted answer' : options.first ? 'Question' : 'Reply'
  }">
${options.accepted ? html`<p><strong>Accepted answer</strong></p>` : null}
<p class="meta">${authorLink(post, view.names)} · ${dateOf(post.created_at)}${
    edited ? html` · <a href="${portalPath(`/p/${post.id}/history`)}">edited</a>` : null
  }${post.hidden ? html` · <span class="badge">hidden</span>` : null}</p>
<div class="body">${storedMarkdown(post.body_html)}</div>
<p class="meta">${post.likes_count} ${post.likes_count === 1 ? 'like' : 'likes'}
${
  signedIn && !own
    ? html`<form class="inline" method="post" action="${portalPath(`/p/${post.id}/like`)}">${frame.csrfField(viewer)}<input type="hidden" name="on" value="${liked ? '0' : '1'}"><button type="submit">${liked ? 'Unlike' : 'Like'}</button></form>`
    : null
}
${own || moderator ? html` <a href="${portalPath(`/p/${post.id}/edit`)}">Edit</a>` : null}
${
  view.canAccept && !options.first && !options.accepted
    ? html`<form class="inline" method="post" action="${portalPath(`/t/${view.topic.id}/accept`)}">${frame.csrfField(viewer)}<input type="hidden" name="post_id" value="${post.id}"><button type="submit">Accept this answer</button></form>`
    : null
}
${
  view.canAccept && options.accepted
    ? html`<form class="inline" method="post" action="${portalPath(`/t/${view.topic.id}/accept`)}">${frame.csrfField(viewer)}<input type="hidden" name="post_id" value=""><button type="submit">Unaccept</button></form>`
    : null
}
</p>
</article>`;
}

export function topicBody(frame: PortalFrame, viewer: PortalViewer, view: TopicView): Html {
  const { topic, category } = view;
  const signedIn = viewer.kind !== 'anonymous';
  const moderator =
    viewer.kind === 'staff' && viewer.principal.permissions.has('community:moderate');
  const first = view.posts[0];
  const rest = view.posts.slice(1).filter((post) => post.id !== topic.accepted_post_id);
  return html`<p class="meta"><a href="${portalPath(`/c/${category.slug}`)}">${category.name}</a></p>
<h1>${topic.title}</h1>
${
  view.mergedInto
    ? html`<p class="notice">This idea was merged into <a href="${portalPath(`/t/${view.mergedInto.id}`)}">${view.mergedInto.title}</a>; its votes and followers went there.</p>`
    : null
}
${
  category.kind === 'ideas'
    ? html`<p class="notice">${topic.votes_count} ${topic.votes_count === 1 ? 'vote' : 'votes'}${
        topic.idea_status
          ? html` · Status: <strong>${statusLabel[topic.idea_status]}</strong>`
          : null
      }${topic.idea_status_reason ? html`<br>${topic.idea_status_reason}` : null}</p>
${
  signedIn && topic.state === 'open'
    ? html`<form class="inline" method="post" action="${portalPath(`/t/${topic.id}/vote`)}">${frame.csrfField(viewer)}<input type="hidden" name="on" value="${view.voted ? '0' : '1'}"><button type="submit">${view.voted ? 'Remove my vote' : 'Vote for this idea'}</button></form>`
    : null
}`
    : null
}
${
  signedIn
    ? html`<form class="inline" method="post" action="${portalPath(`/t/${topic.id}/follow`)}">${frame.csrfField(viewer)}<input type="hidden" name="on" value="${view.following ? '0' : '1'}"><button type="submit">${view.following ? 'Stop following' : 'Follow'}</button></form>`
    : null
}
${first ? postArticle(frame, viewer, view, first, { accepted: false, first: true }) : null}
${view.accepted ? html`<h2>Accepted answer</h2>${postArticle(frame, viewer, view, view.accepted, { accepted: true, first: false })}` : null}
${rest.length > 0 ? html`<h2>Replies</h2>` : null}
${rest.map((post) => postArticle(frame, viewer, view, post, { accepted: false, first: false }))}
${
  view.nextAfterId !== null
    ? html`<nav class="pages" aria-label="More replies"><a href="${portalPath(`/t/${topic.id}?after=${view.nextAfterId}`)}">More replies</a></nav>`
    : null
}
${
  signedIn && topic.state === 'open'
    ? html`<h2>Reply</h2><form method="post" action="${portalPath(`/t/${topic.id}/reply`)}">${frame.csrfField(viewer)}
<label for="reply-body">Your reply (Markdown)</label>
<textarea id="reply-body" name="body" required maxlength="20000"></textarea>
<p><button class="primary" type="submit">Post reply</button></p></form>`
    : !signedIn
      ? html`<p><a href="${portalPath('/sign-in')}">Sign in</a> to reply.</p>`
      : null
}
${moderator && category.kind === 'ideas' && topic.state === 'open' ? ideaModeration(frame, viewer, topic) : null}`;
}

function ideaModeration(frame: PortalFrame, viewer: PortalViewer, topic: TopicRow): Html {
  return html`<h2>Staff</h2>
<form method="post" action="${portalPath(`/t/${topic.id}/status`)}">${frame.csrfField(viewer)}
<label for="idea-status">Status</label>
<select id="idea-status" name="status">
<option value="">None</option>
${(['under_review', 'planned', 'declined', 'done'] as const).map(
  (status) =>
    html`<option value="${status}"${topic.idea_status === status ? html` selected` : null}>${statusLabel[status]}</option>`,
)}
</select>
<label for="idea-reason">Reason (needed when declined)</label>
<input id="idea-reason" type="text" name="reason" maxlength="2000" value="${topic.idea_status_reason ?? ''}">
<p><button type="submit">Set status</button></p>
</form>
<form method="post" action="${portalPath(`/t/${topic.id}/merge`)}">${frame.csrfField(viewer)}
<label for="merge-into">Merge this duplicate into idea number</label>
<input id="merge-into" type="text" inputmode="numeric" name="into_topic_id" pattern="[0-9]+" required>
<p><button type="submit">Merge</button></p>
</form>`;
}

export function editForm(frame: PortalFrame, viewer: PortalViewer, post: PostRow): Html {
  return html`<form method="post" action="${portalPath(`/p/${post.id}/edit`)}">${frame.csrfField(viewer)}
<label for="edit-body">Post (Markdown)</label>
<textarea id="edit-body" name="body" required maxlength="20000">${post.body}</textarea>
<p><button class="primary" type="submit">Save</button></p></form>`;
}

export function historyBody(
  post: PostRow,
  revisions: readonly { id: number; body: string; created_at: number }[],
): Html {
  return html`<h2>Current text</h2><pre class="body">${post.body}</pre>
${revisions.map(
  (revision) =>
    html`<h2>Before the edit of ${dateOf(revision.created_at)}</h2><pre class="body">${revision.body}</pre>`,
)}`;
}

export function searchResults(
  query: string,
  hits: readonly {
    topic_id: number;
    post_id: number;
    title: string;
    snippet: string;
    category_id: number;
  }[],
  categories: ReadonlyMap<number, CategoryRow>,
  markers: { start: string; stop: string },
): Html {
  return html`<form method="get" action="${portalPath('/search')}" role="search">
<label for="search-query">Search</label>
<input id="search-query" type="search" name="q" value="${query}">
<button type="submit">Search</button></form>
${
  query.trim() === ''
    ? null
    : hits.length === 0
      ? html`<p>Nothing matches “${query}”.</p>`
      : html`<ul class="list">${hits.map(
          (
            hit,
          ) => html`<li><a href="${portalPath(`/t/${hit.topic_id}#post-${hit.post_id}`)}">${hit.title}</a>
<span class="meta">in ${categories.get(hit.category_id)?.name ?? ''}</span>
<p>${highlighted(hit.snippet, markers.start, markers.stop)}</p></li>`,
        )}</ul>`
}`;
}
