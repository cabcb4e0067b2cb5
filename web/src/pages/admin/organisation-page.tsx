import { type FormEvent, useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { timezones } from '../../components/timezones.js';
import { AdminShell } from './admin-shell.js';

type Settings = ApiAnswer<'/api/v1/organisation'>;

const languages = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['it', 'Italiano'],
  ['nl', 'Nederlands'],
  ['pt-BR', 'Português (Brasil)'],
] as const;

/** The organisation's name, default timezone and language (admins). */
export function OrganisationPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-organisation"
      title="Organisation"
      permission="admin"
      onSignOut={onSignOut}
    >
      <Organisation />
    </AdminShell>
  );
}

function Organisation() {
  const state = useApiQuery('/api/v1/organisation');
  if (state.error) return <p className="form-error">{state.error.message}</p>;
  if (state.data === null) return <p className="hint">Loading…</p>;
  return <OrganisationForm saved={state.data} />;
}

function OrganisationForm({ saved }: { saved: Settings }) {
  const [draft, setDraft] = useState(saved);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const known = languages.some(([tag]) => tag === draft.language);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setDraft(
        await api('patch', '/api/v1/organisation', { body: { ...draft, name: draft.name.trim() } }),
      );
      setStatus('Saved.');
    } catch (caught) {
      setError(failureText(caught, 'The settings could not be saved'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="organisation-heading">
      <h2 id="organisation-heading">Settings</h2>
      <form className="admin-form" onSubmit={save}>
        <label>
          Organisation name
          <input
            type="text"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            required
            maxLength={200}
          />
        </label>
        <label>
          Timezone
          <select
            value={draft.timezone}
            onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}
          >
            {(timezones.includes(draft.timezone) ? timezones : [draft.timezone, ...timezones]).map(
              (zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ),
            )}
          </select>
        </label>
        <label>
          Language
          <select
            value={draft.language}
            onChange={(e) => setDraft({ ...draft, language: e.target.value })}
          >
            {!known && <option value={draft.language}>{draft.language}</option>}
            {languages.map(([tag, name]) => (
              <option key={tag} value={tag}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
      </form>
      <p className="hint">
        The timezone is the default for new teams and reports; each team keeps its own business
        hours.
      </p>
      {status && <output className="saved">{status}</output>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
