import { type FormEvent, useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { AdminShell } from './admin-shell.js';

type CannedReply = ApiAnswer<'/api/v1/canned-replies'>['data'][number];

/** The variables the server fills in, with the sample each preview shows. */
const variables = [
  { name: 'contact.name', help: "the customer's name", sample: 'Dana Smith' },
  { name: 'agent.name', help: 'the name of the agent who sends it', sample: 'Alex' },
  { name: 'conversation.id', help: 'the conversation number', sample: '1042' },
];

/** The reply with sample values, as text (customer-facing text is never rendered as HTML). */
function preview(body: string): string {
  return body.replace(/\{\{\s*([a-z.]+)\s*\}\}/g, (whole, name: string) => {
    const known = variables.find((variable) => variable.name === name);
    return known ? known.sample : whole;
  });
}

/** Canned replies: create, edit, delete, with the variables they may use and a preview. */
export function CannedRepliesPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-canned-replies"
      title="Canned replies"
      permission="inbox:manage"
      onSignOut={onSignOut}
    >
      <CannedReplies />
    </AdminShell>
  );
}

const empty = { shortcut: '', title: '', body: '' };

function CannedReplies() {
  const state = useApiQuery('/api/v1/canned-replies');
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(failureText(caught, 'That did not work'));
      return false;
    } finally {
      setBusy(false);
      state.reload();
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = { shortcut: draft.shortcut.trim(), title: draft.title.trim(), body: draft.body };
    const saved = await run(() =>
      editing === null
        ? api('post', '/api/v1/canned-replies', { body })
        : api('patch', '/api/v1/canned-replies/{id}', { path: { id: editing }, body }),
    );
    if (saved) {
      setEditing(null);
      setDraft(empty);
    }
  };

  const edit = (reply: CannedReply) => {
    setEditing(reply.id);
    setDraft({ shortcut: reply.shortcut, title: reply.title, body: reply.body });
  };

  return (
    <div className="admin-grid">
      <section className="card" aria-labelledby="canned-form-heading">
        <h2 id="canned-form-heading">
          {editing === null ? 'New canned reply' : 'Edit canned reply'}
        </h2>
        <form className="admin-form" onSubmit={save}>
          <label>
            Shortcut
            <input
              type="text"
              value={draft.shortcut}
              onChange={(e) => setDraft({ ...draft, shortcut: e.target.value })}
              required
              maxLength={40}
              pattern="[a-z0-9][a-z0-9_\-]*"
              title="Lower-case letters, digits, - and _"
            />
          </label>
          <label>
            Title
            <input
              type="text"
              value={draft.title}
              onChange={(e) => setDraft({ ...draft, title: e.target.value })}
              required
              maxLength={120}
            />
          </label>
          <label>
            Text
            <textarea
              value={draft.body}
              onChange={(e) => setDraft({ ...draft, body: e.target.value })}
              required
              maxLength={5000}
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {editing === null ? 'Add reply' : 'Save changes'}
          </button>
          {editing !== null && (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setDraft(empty);
              }}
            >
              Cancel
            </button>
          )}
        </form>
        <details>
          <summary>Variables</summary>
          <ul>
            {variables.map((variable) => (
              <li key={variable.name}>
                <code>{`{{${variable.name}}}`}</code>: {variable.help}
              </li>
            ))}
          </ul>
          <p className="hint">Anything else in double braces stays as written, so a typo shows.</p>
        </details>
        {draft.body && (
          <>
            <h3>Preview (with sample values)</h3>
            <p className="preview-text" data-testid="canned-preview">
              {preview(draft.body)}
            </p>
          </>
        )}
      </section>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section className="card" aria-label="Canned replies" aria-busy={state.loading}>
        <h2>Canned replies</h2>
        {state.error ? (
          <p className="form-error" role="alert">
            {state.error.message}
          </p>
        ) : state.data === null ? (
          <p className="hint">Loading…</p>
        ) : state.data.data.length === 0 ? (
          <p className="hint">No canned replies yet.</p>
        ) : (
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Shortcut</th>
                <th scope="col">Title</th>
                <th scope="col">Text</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.data.map((reply) => (
                <tr key={reply.id}>
                  <th scope="row">
                    <code>/{reply.shortcut}</code>
                  </th>
                  <td>{reply.title}</td>
                  <td className="preview-text">{reply.body}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" disabled={busy} onClick={() => edit(reply)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`Delete canned reply ${reply.shortcut}`}
                        onClick={() =>
                          void run(() =>
                            api('delete', '/api/v1/canned-replies/{id}', {
                              path: { id: reply.id },
                            }),
                          )
                        }
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
