import { useState } from 'react';
import { ApiError, api } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { PeopleShell } from './people-shell.js';

type Kind = 'contacts' | 'members';
interface RowProblem {
  row: string;
  field: string;
  message: string;
}

/** `/rows/3/email` → row 3, column email. */
function rowProblems(error: unknown): RowProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.map((field) => {
    const [, , row = '', column = ''] = field.path.split('/');
    return { row, field: column, message: field.message };
  });
}

const maxFileBytes = 5 * 1024 * 1024;

/**
 * People → Import: a CSV of contacts (email, name, consent, attributes) or of members (name,
 * email, department, location, team). "Check" shows every row error first; "Import" writes the
 * whole file or nothing.
 */
export function ImportPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const [kind, setKind] = useState<Kind>('contacts');
  const [csv, setCsv] = useState('');
  const [autoDeclare, setAutoDeclare] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [links, setLinks] = useState<{ email: string; link: string | null; emailed: boolean }[]>(
    [],
  );

  const send = async (dryRun: boolean) => {
    setBusy(true);
    setProblems([]);
    setMessage(null);
    setLinks([]);
    try {
      if (kind === 'contacts') {
        const report = await api('post', '/api/v1/people/imports/contacts', {
          body: { csv, auto_declare: autoDeclare, dry_run: dryRun },
        });
        setMessage(
          dryRun
            ? `The file is fine: ${report.rows} row(s) ready to import.`
            : `Imported ${report.rows} row(s): ${report.contacts_created} new contact(s), ${report.contacts_updated} updated, ${report.consents_granted} panel consent(s).`,
        );
      } else {
        const report = await api('post', '/api/v1/people/imports/members', {
          body: { csv, dry_run: dryRun },
        });
        setMessage(
          dryRun
            ? `The file is fine: ${report.rows} member(s) ready to invite.`
            : `Invited ${report.rows} member(s); ${report.linked_to_existing_contact} were already known as customers.`,
        );
        setLinks(report.invitations.filter((invitation) => !invitation.emailed));
      }
    } catch (caught) {
      setProblems(rowProblems(caught));
      setMessage(caught instanceof Error ? caught.message : 'The import did not work');
    } finally {
      setBusy(false);
    }
  };

  return (
    <PeopleShell user={user} page="people-import" title="Import people" onSignOut={onSignOut}>
      <section className="card" aria-labelledby="import-heading">
        <h2 id="import-heading">CSV file</h2>
        <div className="admin-form">
          <label>
            What the file holds
            <select value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
              <option value="contacts">Contacts (email, name, consent, attributes)</option>
              <option value="members">Members (name, email, department, location, team)</option>
            </select>
          </label>
          <label>
            File
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                if (!file) return;
                if (file.size > maxFileBytes) {
                  setMessage('The file is larger than 5 MB: split it.');
                  return;
                }
                setCsv(await file.text());
              }}
            />
          </label>
          <label>
            Or paste it
            <textarea value={csv} onChange={(event) => setCsv(event.target.value)} rows={8} />
          </label>
          {kind === 'contacts' && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={autoDeclare}
                onChange={(event) => setAutoDeclare(event.target.checked)}
              />{' '}
              Declare unknown columns as text attributes
            </label>
          )}
          <div className="button-row">
            <button type="button" disabled={busy || csv === ''} onClick={() => void send(true)}>
              Check
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || csv === ''}
              onClick={() => void send(false)}
            >
              Import
            </button>
          </div>
        </div>
        {message && (
          <p
            role={problems.length > 0 ? 'alert' : 'status'}
            className={problems.length > 0 ? 'form-error' : 'saved'}
          >
            {message}
          </p>
        )}
        {problems.length > 0 && (
          <table className="report-table" aria-label="Problems in the file">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem) => (
                <tr key={`${problem.row}/${problem.field}/${problem.message}`}>
                  <td>{problem.row}</td>
                  <td>{problem.field === '*' ? 'whole row' : problem.field}</td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {links.length > 0 && (
          <>
            <p className="hint">These invitations could not be e-mailed: pass each link on once.</p>
            <ul>
              {links.map((invitation) => (
                <li key={invitation.email}>
                  {invitation.email}: <code>{invitation.link}</code>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </PeopleShell>
  );
}
