import { type FormEvent, useState } from 'react';
import { type ApiBody, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { LabelChip } from '../inbox/label-chip.js';
import { AdminShell } from './admin-shell.js';

type Colour = NonNullable<ApiBody<'/api/v1/labels', 'post'>['colour']>;
const colours: Colour[] = ['slate', 'red', 'amber', 'green', 'teal', 'blue', 'violet', 'pink'];

/** Labels agents put on conversations: create with a colour, delete (leads and admins). */
export function LabelsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-labels"
      title="Labels"
      permission="inbox:manage"
      onSignOut={onSignOut}
    >
      <Labels />
    </AdminShell>
  );
}

function Labels() {
  const state = useApiQuery('/api/v1/labels');
  const [name, setName] = useState('');
  const [colour, setColour] = useState<Colour>('blue');
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

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => api('post', '/api/v1/labels', { body: { name: name.trim(), colour } }))) {
      setName('');
    }
  };

  return (
    <div className="admin-grid">
      <section className="card" aria-labelledby="new-label-heading">
        <h2 id="new-label-heading">New label</h2>
        <form className="admin-form" onSubmit={create}>
          <label>
            Name
            <input
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={60}
            />
          </label>
          <label>
            Colour
            <select value={colour} onChange={(e) => setColour(e.target.value as Colour)}>
              {colours.map((one) => (
                <option key={one} value={one}>
                  {one}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Add label
          </button>
        </form>
      </section>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section className="card" aria-label="Labels" aria-busy={state.loading}>
        <h2>Labels</h2>
        {state.error ? (
          <p className="form-error" role="alert">
            {state.error.message}
          </p>
        ) : state.data === null ? (
          <p className="hint">Loading…</p>
        ) : state.data.data.length === 0 ? (
          <p className="hint">No labels yet.</p>
        ) : (
          <ul className="admin-list">
            {state.data.data.map((label) => (
              <li key={label.id}>
                <LabelChip label={label} />
                <button
                  type="button"
                  disabled={busy}
                  aria-label={`Delete label ${label.name}`}
                  onClick={() =>
                    void run(() => api('delete', '/api/v1/labels/{id}', { path: { id: label.id } }))
                  }
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
