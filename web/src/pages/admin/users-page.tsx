import { type FormEvent, useState } from 'react';
import { type ApiAnswer, type ApiBody, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { fullTime } from '../../components/format.js';
import { AdminShell } from './admin-shell.js';

type User = ApiAnswer<'/api/v1/users'>['data'][number];
type Role = ApiBody<'/api/v1/users/invitations', 'post'>['role'];
type DeliveredLink = ApiAnswer<'/api/v1/users/invitations', 'post'>;

const roles: { role: Role; label: string }[] = [
  { role: 'agent', label: 'Agent' },
  { role: 'lead', label: 'Team lead' },
  { role: 'analyst', label: 'Analyst' },
  { role: 'member', label: 'Member (employee, no inbox)' },
  { role: 'admin', label: 'Administrator' },
];

/** What happened to a link: mailed, or here once for the admin to pass on. */
function LinkOutcome({ who, sent }: { who: string; sent: DeliveredLink }) {
  const until = fullTime(sent.expires_at);
  if (sent.emailed) {
    return (
      <output className="saved">
        A link was e-mailed to {who}. It works once, until {until}.
      </output>
    );
  }
  return (
    <div className="shown-once" role="status">
      <p>
        {sent.mail_error
          ? `The e-mail could not be sent (${sent.mail_error}). `
          : 'No mail server is configured. '}
        Give {who} this link yourself; it is shown only now, works once, until {until}:
      </p>
      <code data-testid="one-time-link">{sent.link}</code>
    </div>
  );
}

/**
 * Users, for admins: invite by e-mail, change roles, send a password link, unlock, deactivate.
 * Deactivating ends the user's sessions and API tokens at once; the server keeps the last
 * active admin an admin whatever is clicked here.
 */
export function UsersPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-users"
      title="Users"
      permission="admin"
      onSignOut={onSignOut}
    >
      <Users me={user} />
    </AdminShell>
  );
}

function Users({ me }: { me: SessionUser }) {
  const state = useApiQuery('/api/v1/users');
  const [outcome, setOutcome] = useState<{ who: string; sent: DeliveredLink } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    setOutcome(null);
    try {
      setStatus(await work());
    } catch (caught) {
      setError(failureText(caught, 'That did not work'));
    } finally {
      setBusy(false);
      state.reload();
    }
  };

  const sendLink = (target: User) =>
    act(async () => {
      const sent = await api('post', '/api/v1/users/{id}/password-link', {
        path: { id: target.id },
      });
      setOutcome({ who: target.name, sent });
      return null;
    });

  return (
    <div className="admin-grid">
      <InviteForm
        busy={busy}
        onInvite={(body) =>
          act(async () => {
            const sent = await api('post', '/api/v1/users/invitations', { body });
            setOutcome({ who: body.name, sent });
            return null;
          })
        }
      />
      {outcome && <LinkOutcome who={outcome.who} sent={outcome.sent} />}
      {status && <output className="saved">{status}</output>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section className="card" aria-label="Users" aria-busy={state.loading}>
        <h2>People</h2>
        {state.error ? (
          <p className="form-error" role="alert">
            The users could not be loaded: {state.error.message}
          </p>
        ) : state.data === null ? (
          <p className="hint">Loading…</p>
        ) : (
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.data.map((person) => (
                <tr key={person.id} data-user-email={person.email}>
                  <th scope="row">
                    {person.name}
                    {person.id === me.id && <span className="hint"> (you)</span>}
                  </th>
                  <td>{person.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${person.name}`}
                      value={person.role}
                      disabled={busy}
                      onChange={(event) => {
                        const role = event.target.value as Role;
                        void act(async () => {
                          await api('patch', '/api/v1/users/{id}', {
                            path: { id: person.id },
                            body: { role },
                          });
                          return `${person.name} is now ${roles.find((one) => one.role === role)?.label ?? role}.`;
                        });
                      }}
                    >
                      {roles.map((one) => (
                        <option key={one.role} value={one.role}>
                          {one.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <UserStatus person={person} />
                  </td>
                  <td>{person.last_login_at ? fullTime(person.last_login_at) : 'never'}</td>
                  <td>
                    <div className="row-actions">
                      {person.active && (
                        <button type="button" disabled={busy} onClick={() => void sendLink(person)}>
                          {person.last_login_at === null
                            ? 'Send invitation again'
                            : 'Reset password'}
                        </button>
                      )}
                      {person.locked_until && (
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() =>
                            void act(async () => {
                              await api('post', '/api/v1/users/{id}/unlock', {
                                path: { id: person.id },
                              });
                              return `${person.name} can sign in again at once.`;
                            })
                          }
                        >
                          Unlock
                        </button>
                      )}
                      {person.active ? (
                        person.id !== me.id && (
                          <button
                            type="button"
                            disabled={busy}
                            onClick={() =>
                              void act(async () => {
                                const ended = await api('post', '/api/v1/users/{id}/deactivate', {
                                  path: { id: person.id },
                                });
                                return `${person.name} is deactivated: ${ended.sessions_ended} sessions ended, ${ended.tokens_revoked} API tokens revoked.`;
                              })
                            }
                          >
                            Deactivate
                          </button>
                        )
                      ) : (
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() =>
                            void act(async () => {
                              await api('post', '/api/v1/users/{id}/reactivate', {
                                path: { id: person.id },
                              });
                              return `${person.name} can sign in again.`;
                            })
                          }
                        >
                          Reactivate
                        </button>
                      )}
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

function UserStatus({ person }: { person: User }) {
  if (!person.active) return <span className="status-tag">Deactivated</span>;
  if (person.locked_until) {
    return (
      <span className="status-tag" title="Too many failed sign-ins">
        Locked until {fullTime(person.locked_until)}
      </span>
    );
  }
  if (person.invitation_pending) return <span className="status-tag">Invited</span>;
  return <span className="status-tag">Active</span>;
}

function InviteForm(props: {
  busy: boolean;
  onInvite(body: { email: string; name: string; role: Role }): Promise<void>;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await props.onInvite({ email: email.trim(), name: name.trim(), role });
    setEmail('');
    setName('');
  };
  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <form className="admin-form" onSubmit={submit}>
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
        <label>
          E-mail
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            maxLength={320}
          />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((one) => (
              <option key={one.role} value={one.role}>
                {one.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={props.busy}>
          Send invitation
        </button>
      </form>
      <p className="hint">
        They get a link to set their own password. It works once, in the browser that opens it
        first.
      </p>
    </section>
  );
}
