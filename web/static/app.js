// A small sign-in and read-only inbox until the full agent app lands. Customer text is untrusted:
// it is only ever put into the page with textContent, never as HTML.
const app = document.getElementById('app');
let csrfToken = null;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'onclick' || key === 'onsubmit') node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ''));
  return node;
}

async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(csrfToken && method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(payload?.error?.message ?? response.statusText);
  return payload;
}

function showSignIn(message) {
  const email = element('input', {
    type: 'email',
    name: 'email',
    id: 'email',
    autocomplete: 'username',
    required: '',
  });
  const password = element('input', {
    type: 'password',
    name: 'password',
    id: 'password',
    autocomplete: 'current-password',
    required: '',
  });
  const error = element('p', { class: 'error', role: 'alert' }, message ?? '');
  const form = element(
    'form',
    {
      class: 'card',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const session = await api('POST', '/api/v1/auth/login', {
            email: email.value,
            password: password.value,
          });
          csrfToken = session.csrf_token;
          showInbox(session.user);
        } catch (failure) {
          error.textContent = failure.message;
        }
      },
    },
    element('h1', {}, 'Sign in to Hearken'),
    element('label', { for: 'email' }, 'E-mail'),
    email,
    element('label', { for: 'password' }, 'Password'),
    password,
    element('button', { type: 'submit' }, 'Sign in'),
    error,
  );
  app.replaceChildren(form);
  email.focus();
}

async function showInbox(user) {
  const list = element('ol', { class: 'conversations' });
  const detail = element('section', { class: 'detail', 'aria-label': 'Conversation' });
  const signOut = element(
    'button',
    {
      onclick: async () => {
        await api('POST', '/api/v1/auth/logout');
        csrfToken = null;
        showSignIn();
      },
    },
    'Sign out',
  );
  app.replaceChildren(
    element(
      'header',
      {},
      element('strong', {}, 'Hearken'),
      element('span', {}, ` ${user.name} (${user.role})`),
      signOut,
    ),
    element(
      'div',
      { class: 'inbox' },
      element('nav', { 'aria-label': 'Conversations' }, list),
      detail,
    ),
  );
  const page = await api('GET', '/api/v1/conversations?limit=50');
  if (page.data.length === 0)
    list.append(
      element('li', {}, 'No conversations yet. Run `hearken demo` to load a demo organisation.'),
    );
  for (const conversation of page.data) {
    const item = element(
      'li',
      {},
      element(
        'button',
        { onclick: () => showConversation(conversation.id, detail) },
        `#${conversation.id} ${conversation.contact?.name ?? 'Unknown'} · @${conversation.channel_account.handle} · ${conversation.status} · ${new Date(conversation.last_message_at).toLocaleString()}`,
      ),
    );
    list.append(item);
  }
}

async function showConversation(id, detail) {
  const data = await api('GET', `/api/v1/conversations/${id}`);
  detail.replaceChildren(
    element('h2', {}, `Conversation #${id} on ${data.conversation.channel}`),
    ...data.messages.map((message) =>
      element(
        'article',
        { class: `message ${message.direction}` },
        element(
          'div',
          { class: 'meta' },
          `${message.author.name ?? message.author.handle ?? ''} · ${new Date(message.created_at).toLocaleString()}`,
        ),
        element('p', {}, message.text),
      ),
    ),
  );
}

api('GET', '/api/v1/auth/session')
  .then((session) => {
    csrfToken = session.csrf_token;
    return showInbox(session.user);
  })
  .catch(() => showSignIn());
