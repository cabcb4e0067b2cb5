import { type FormEvent, useState } from 'react';
import { type ApiAnswer, type ApiBody, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { fullTime } from '../../components/format.js';
import { AdminShell } from './admin-shell.js';

type Scope = ApiBody<'/api/v1/tokens', 'post'>['scopes'][number];
type CreatedToken = ApiAnswer<'/api/v1/tokens', 'post'>;

const scopes: { scope: Scope; help: string }[] = [
  { scope: 'inbound:write', help: 'send inbound messages (an integration)' },
  { scope: 'conversations:read', help: 'read conversations' },
  { scope: 'conversations:write', help: 'reply, assign and change conversations' },
  { scope: 'contacts:write', help: 'change contacts' },
];

/** API tokens, for admins: created with scopes, the secret shown once, revocable, last use. */
export function TokensPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-tokens"
      title="API tokens"
      permission="admin"
      onSignOut={onSignOut}
    >
      <Tokens />
    </AdminShell>
  );
}

function Tokens() {
  const state = useApiQuery('/api/v1/tokens');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<Scope[]>(['conversations:read']);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(failureText(caught, 'That did not work'));
    } finally {
      setBusy(false);
      state.reload();
    }
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setCreated(
        await api('post', '/api/v1/tokens', { body: { name: name.trim(), scopes: chosen } }),
      );
      setName('');
    });
  };

  return (
    <div className="admin-grid">
      <section className="card" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <form className="admin-form" onSubmit={create}>
          <label>
            Name
            <input
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
            />
          </label>
          <fieldset className="admin-form">
            <legend>Scopes</legend>
            {scopes.map(({ scope, help }) => (
              <label key={scope} title={help}>
                <span>
                  <input
                    type="checkbox"
                    checked={chosen.includes(scope)}
                    onChange={(event) =>
                      setChosen((now) =>
                        event.target.checked ? [...now, scope] : now.filter((one) => one !== scope),
                      )
                    }
                  />{' '}
                  {scope}
                </span>
                <span className="hint">{help}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" disabled={busy || chosen.length === 0}>
            Create token
          </button>
        </form>
      </section>
      {created && (
        <div className="shown-once" role="status">
          <p>The token “{created.name}”. Copy it now: it is shown only this once.</p>
          <code data-testid="new-token">{created.token}</code>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section className="card" aria-label="API tokens" aria-busy={state.loading}>
        <h2>Tokens</h2>
        {state.error ? (
          <p className="form-error" role="alert">
            The tokens could not be loaded: {state.error.message}
          </p>
        ) : state.data === null ? (
          <p className="hint">Loading…</p>
        ) : state.data.data.length === 0 ? (
          <p className="hint">No API tokens yet.</p>
        ) : (
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.data.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{token.scopes.join(', ')}</td>
                  <td>{fullTime(token.created_at)}</td>
                  <td>{token.last_used_at ? fullTime(token.last_used_at) : 'never'}</td>
                  <td>
                    {token.revoked_at ? (
                      <span className="status-tag">Revoked {fullTime(token.revoked_at)}</span>
                    ) : (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void run(() =>
                            api('delete', '/api/v1/tokens/{id}', { path: { id: token.id } }),
                          )
                        }
                      >
                        Revoke
                      </button>
                    )}
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
