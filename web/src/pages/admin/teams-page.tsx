import { type FormEvent, useState } from 'react';
import { api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { timezones } from '../../components/timezones.js';
import { AdminShell } from './admin-shell.js';

/**
 * Teams: create one (admins), its members and their role in it, and each agent's capacity
 * (leads). Business hours have their own page (Team settings).
 */
export function TeamsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-teams"
      title="Teams"
      permission="routing:manage"
      onSignOut={onSignOut}
    >
      <Teams canCreate={user.permissions.includes('admin')} />
    </AdminShell>
  );
}

function Teams({ canCreate }: { canCreate: boolean }) {
  const teams = useApiQuery('/api/v1/teams');
  const [chosen, setChosen] = useState<number | null>(null);
  const list = teams.data?.data ?? [];
  const teamId = chosen ?? list[0]?.id ?? null;
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await work());
      return true;
    } catch (caught) {
      setError(failureText(caught, 'That did not work'));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="admin-grid">
      {canCreate && (
        <NewTeam
          busy={busy}
          onCreate={(name, timezone) =>
            run(async () => {
              const team = await api('post', '/api/v1/teams', { body: { name, timezone } });
              teams.reload();
              setChosen(team.id);
              return `Team ${team.name} is created. Add its members below and set its hours in Team settings.`;
            })
          }
        />
      )}
      {status && <output className="saved">{status}</output>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {teams.data !== null && list.length === 0 ? (
        <p className="hint">No teams yet{canCreate ? ': create the first one above.' : '.'}</p>
      ) : (
        <section className="card" aria-labelledby="members-heading">
          <header className="card-header">
            <h2 id="members-heading">Members</h2>
            <label>
              Team{' '}
              <select
                value={teamId ?? ''}
                onChange={(event) => setChosen(Number(event.target.value))}
              >
                {list.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </label>
          </header>
          {teamId !== null && <Members teamId={teamId} busy={busy} run={run} />}
        </section>
      )}
    </div>
  );
}

function NewTeam(props: {
  busy: boolean;
  onCreate(name: string, timezone: string): Promise<boolean>;
}) {
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await props.onCreate(name.trim(), timezone)) setName('');
  };
  return (
    <section className="card" aria-labelledby="new-team-heading">
      <h2 id="new-team-heading">New team</h2>
      <form className="admin-form" onSubmit={submit}>
        <label>
          Team name
          <input
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
          />
        </label>
        <label>
          Team timezone
          <select value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {timezones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={props.busy}>
          Create team
        </button>
      </form>
    </section>
  );
}

function Members(props: {
  teamId: number;
  busy: boolean;
  run(work: () => Promise<string>): Promise<boolean>;
}) {
  const members = useApiQuery('/api/v1/teams/{id}/members', { path: { id: props.teamId } });
  const agents = useApiQuery('/api/v1/agents');
  const [adding, setAdding] = useState('');
  const inTeam = new Set((members.data?.data ?? []).map((member) => member.user_id));
  const candidates = (agents.data?.data ?? []).filter((agent) => !inTeam.has(agent.id));
  const capacityOf = new Map((agents.data?.data ?? []).map((agent) => [agent.id, agent.capacity]));
  const change = async (work: () => Promise<string>) => {
    await props.run(work);
    members.reload();
    agents.reload();
  };

  if (members.error) return <p className="form-error">{members.error.message}</p>;
  if (members.data === null) return <p className="hint">Loading…</p>;
  return (
    <>
      {members.data.data.length === 0 ? (
        <p className="hint">Nobody is in this team yet.</p>
      ) : (
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role in the team</th>
              <th scope="col">Availability</th>
              <th scope="col">Capacity (open conversations)</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.data.map((member) => (
              <tr key={member.user_id}>
                <th scope="row">{member.name}</th>
                <td>
                  <select
                    aria-label={`Role of ${member.name} in the team`}
                    value={member.role}
                    disabled={props.busy}
                    onChange={(event) => {
                      const role = event.target.value as 'member' | 'lead';
                      void change(async () => {
                        await api('put', '/api/v1/teams/{id}/members/{userId}', {
                          path: { id: props.teamId, userId: member.user_id },
                          body: { role },
                        });
                        return `${member.name} is now ${role === 'lead' ? 'a lead' : 'a member'} of the team.`;
                      });
                    }}
                  >
                    <option value="member">Member</option>
                    <option value="lead">Lead</option>
                  </select>
                </td>
                <td>{member.availability}</td>
                <td>
                  <CapacityInput
                    name={member.name}
                    value={capacityOf.get(member.user_id) ?? member.capacity}
                    disabled={props.busy}
                    onSave={(capacity) =>
                      change(async () => {
                        await api('patch', '/api/v1/agents/{id}', {
                          path: { id: member.user_id },
                          body: { capacity },
                        });
                        return `${member.name} takes up to ${capacity} open conversations.`;
                      })
                    }
                  />
                </td>
                <td>
                  <button
                    type="button"
                    disabled={props.busy}
                    onClick={() =>
                      void change(async () => {
                        await api('delete', '/api/v1/teams/{id}/members/{userId}', {
                          path: { id: props.teamId, userId: member.user_id },
                        });
                        return `${member.name} left the team; the conversations they hold stay with them.`;
                      })
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          const userId = Number(adding);
          const agent = candidates.find((one) => one.id === userId);
          if (!agent) return;
          void change(async () => {
            await api('put', '/api/v1/teams/{id}/members/{userId}', {
              path: { id: props.teamId, userId },
              body: { role: 'member' },
            });
            setAdding('');
            return `${agent.name} joined the team.`;
          });
        }}
      >
        <label>
          Add a member
          <select value={adding} onChange={(e) => setAdding(e.target.value)} required>
            <option value="">Choose someone…</option>
            {candidates.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={props.busy || adding === ''}>
          Add to team
        </button>
      </form>
    </>
  );
}

function CapacityInput(props: {
  name: string;
  value: number | null;
  disabled: boolean;
  onSave(capacity: number): Promise<void>;
}) {
  const [text, setText] = useState(props.value === null ? '' : String(props.value));
  const valid = /^\d{1,4}$/.test(text) && Number(text) <= 1000;
  return (
    <span className="row-actions">
      <input
        type="number"
        min={0}
        max={1000}
        aria-label={`Capacity of ${props.name}`}
        placeholder="no limit"
        value={text}
        onChange={(event) => setText(event.target.value)}
        className="capacity-input"
      />
      <button
        type="button"
        disabled={props.disabled || !valid || Number(text) === props.value}
        onClick={() => void props.onSave(Number(text))}
      >
        Set
      </button>
    </span>
  );
}
