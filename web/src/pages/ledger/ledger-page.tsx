import { type FormEvent, useState } from 'react';
import { api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { followLink, navigate, useAppLocation } from '../../app-route.js';
import { duration, fullTime } from '../../components/format.js';
import { PageShell } from '../../components/page-shell.js';
import { CredibilityCard } from './credibility-card.js';
import { type DecisionState, outcomeName, stateNames, stateOrder } from './decision-labels.js';
import { DecisionPanel } from './decision-panel.js';
import './ledger.css';

/** The decision open in the page, from the URL (/ledger/12), so a link to it can be shared. */
function decisionIdOf(pathname: string): number | null {
  const match = /^\/ledger\/(\d+)$/.exec(pathname);
  return match ? Number(match[1]) : null;
}

/**
 * The close-the-loop ledger: decisions with the feedback that led to them, where they stand, and
 * who was told. Leads and analysts create and move decisions; everyone can read them.
 */
export function LedgerPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <PageShell
      user={user}
      page="ledger"
      title="Ledger"
      onSignOut={onSignOut}
      requires={{ permission: 'ledger:read', otherwise: "You don't have access to the ledger." }}
    >
      <Ledger user={user} />
    </PageShell>
  );
}

function Ledger({ user }: { user: SessionUser }) {
  const [state, setState] = useState<DecisionState | ''>('');
  const [version, setVersion] = useState(0);
  const selected = decisionIdOf(useAppLocation().pathname);
  const list = useApiQuery(
    '/api/v1/decisions',
    { query: { limit: 200, ...(state ? { state } : {}) } },
    version,
  );
  const canWrite = user.permissions.includes('ledger:write');
  const decisions = list.data?.data ?? [];
  const changed = () => setVersion((count) => count + 1);

  return (
    <>
      {user.permissions.includes('reports:read') && <CredibilityCard version={version} />}
      <div className="ledger">
        <section className="card ledger-list" aria-label="Decisions">
          <div className="settings-bar">
            <label>
              State{' '}
              <select
                value={state}
                onChange={(event) => setState(event.target.value as DecisionState | '')}
              >
                <option value="">All</option>
                {[...stateOrder, 'merged' as const].map((value) => (
                  <option key={value} value={value}>
                    {stateNames[value]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {canWrite && <NewDecision onCreated={changed} />}
          {list.error ? (
            <p className="form-error" role="alert">
              The decisions could not be loaded: {list.error.message}
            </p>
          ) : list.data === null ? (
            <p className="hint">Loading…</p>
          ) : decisions.length === 0 ? (
            <p className="hint">
              {state
                ? `No decision is ${stateNames[state].toLowerCase()}.`
                : 'No decisions yet. Link customer feedback from a conversation, or create one here.'}
            </p>
          ) : (
            <ul className="decision-list">
              {decisions.map((decision) => (
                <li key={decision.id}>
                  <a
                    href={`/ledger/${decision.id}`}
                    onClick={followLink}
                    aria-current={decision.id === selected ? 'page' : undefined}
                  >
                    <span className="decision-title">{decision.title}</span>
                    <span className={`decision-state state-${decision.state}`}>
                      {stateNames[decision.state]}
                      {outcomeName(decision.outcome) && ` · ${outcomeName(decision.outcome)}`}
                    </span>
                    <span className="hint">
                      {decision.feedback_count} feedback · {decision.people_count}{' '}
                      {decision.people_count === 1 ? 'person' : 'people'} ·{' '}
                      <time dateTime={decision.updated_at} title={fullTime(decision.updated_at)}>
                        {duration(Date.now() - Date.parse(decision.updated_at))} ago
                      </time>
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
        {selected === null ? (
          <section className="card ledger-empty" aria-label="Decision">
            <p className="hint">Choose a decision to see its feedback and history.</p>
          </section>
        ) : (
          <DecisionPanel
            key={selected}
            decisionId={selected}
            canWrite={canWrite}
            canLink={user.permissions.includes('feedback:write')}
            version={version}
            onChanged={changed}
            decisions={decisions}
          />
        )}
      </div>
    </>
  );
}

function NewDecision({ onCreated }: { onCreated(): void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api('post', '/api/v1/decisions', {
        body: { title, public_description: description },
      });
      setTitle('');
      setDescription('');
      onCreated();
      navigate(`/ledger/${created.id}`);
    } catch (caught) {
      setError(failureText(caught, 'The decision could not be created'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="new-decision">
      <summary>New decision</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Title
          <input
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            required
            maxLength={200}
          />
        </label>
        <label>
          Public description
          <textarea
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            maxLength={10_000}
            rows={3}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || title.trim() === ''}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </form>
    </details>
  );
}
