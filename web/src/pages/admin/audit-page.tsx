import { useState } from 'react';
import { type ApiAnswer, type ApiRequest, apiUrl } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { fullTime } from '../../components/format.js';
import { AdminShell } from './admin-shell.js';

type Entry = ApiAnswer<'/api/v1/audit'>['data'][number];
type AuditQuery = NonNullable<ApiRequest<'/api/v1/audit'>['query']>;

const subjects = [
  ['user', 'Users'],
  ['api_token', 'API tokens'],
  ['team', 'Teams'],
  ['routing_rule', 'Routing rules'],
  ['sla_policy', 'SLA policies'],
  ['label', 'Labels'],
  ['canned_reply', 'Canned replies'],
  ['channel_account', 'Channel accounts'],
  ['organisation', 'Organisation'],
  ['conversation', 'Conversations'],
  ['contact', 'Contacts'],
  ['job', 'Jobs'],
] as const;

const pageSize = 100;

/** The audit log: who changed what, newest first, filterable, and the same rows as CSV. */
export function AuditPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-audit"
      title="Audit log"
      permission="audit:read"
      onSignOut={onSignOut}
    >
      <Audit canListUsers={user.permissions.includes('admin')} />
    </AdminShell>
  );
}

function Audit({ canListUsers }: { canListUsers: boolean }) {
  const [subject, setSubject] = useState('');
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [beforeId, setBeforeId] = useState<number | undefined>(undefined);
  const users = useApiQuery(canListUsers ? '/api/v1/users' : null);
  const names = new Map((users.data?.data ?? []).map((one) => [one.id, one.name]));
  const validAction = /^[a-z_.]*$/.test(action);
  const query: AuditQuery = {
    ...(subject ? { subject_type: subject } : {}),
    ...(action && validAction ? { action } : {}),
    ...(actor ? { actor_id: Number(actor) } : {}),
    limit: pageSize,
  };
  const state = useApiQuery('/api/v1/audit', {
    query: { ...query, ...(beforeId ? { before_id: beforeId } : {}) },
  });
  const entries = state.data?.data ?? [];
  const csv = apiUrl('/api/v1/audit', { query: { ...query, limit: 500, format: 'csv' } });
  const filter = (change: () => void) => {
    change();
    setBeforeId(undefined);
  };

  const who = (entry: Entry) => {
    if (entry.actor_type === 'system') return 'Hearken';
    if (entry.actor_type === 'token') return `API token #${entry.actor_id}`;
    return names.get(entry.actor_id ?? 0) ?? `User #${entry.actor_id}`;
  };

  return (
    <>
      <div className="settings-bar">
        <label className="filter">
          What
          <select value={subject} onChange={(e) => filter(() => setSubject(e.target.value))}>
            <option value="">Everything</option>
            {subjects.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          Action (or its start, e.g. <code>user.</code>)
          <input
            type="search"
            value={action}
            onChange={(e) => filter(() => setAction(e.target.value.trim().toLowerCase()))}
            aria-invalid={!validAction}
          />
        </label>
        {canListUsers && (
          <label className="filter">
            Who
            <select value={actor} onChange={(e) => filter(() => setActor(e.target.value))}>
              <option value="">Anyone</option>
              {(users.data?.data ?? []).map((one) => (
                <option key={one.id} value={one.id}>
                  {one.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <a className="csv-link" href={csv} download>
          CSV of these entries
        </a>
      </div>
      {!validAction && <p className="form-error">Actions are lower-case letters, dots and _.</p>}
      <section className="card" aria-label="Audit entries" aria-busy={state.loading}>
        {state.error ? (
          <p className="form-error" role="alert">
            {state.error.message}
          </p>
        ) : state.data === null ? (
          <p className="hint">Loading…</p>
        ) : entries.length === 0 ? (
          <p className="hint">Nothing was changed that matches these filters.</p>
        ) : (
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.created_at}>{fullTime(entry.created_at)}</time>
                  </td>
                  <td>{who(entry)}</td>
                  <th scope="row">
                    <code>{entry.action}</code>
                  </th>
                  <td>
                    {entry.subject_type}
                    {entry.subject_id !== null && ` #${entry.subject_id}`}
                  </td>
                  <td>
                    <code className="audit-changes">{JSON.stringify(entry.changes)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {entries.length === pageSize && (
          <button type="button" onClick={() => setBeforeId(entries[entries.length - 1]?.id)}>
            Older entries
          </button>
        )}
        {beforeId !== undefined && (
          <button type="button" onClick={() => setBeforeId(undefined)}>
            Back to the newest
          </button>
        )}
      </section>
    </>
  );
}
