import { type ChangeEvent, useEffect, useState } from 'react';
import { api, type SessionUser, type Team } from '../../api/api-client.js';
import { PageShell } from '../../components/page-shell.js';
import { BusinessHoursEditor } from './business-hours-editor.js';
import {
  calendarProblems,
  type TeamCalendar,
  type TeamCalendarResponse,
} from './calendar-problems.js';

/** Business hours per team, for leads and admins: SLA clocks count only inside them. */
export function TeamSettingsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const [teams, setTeams] = useState<Team[]>([]);
  const [teamId, setTeamId] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<TeamCalendarResponse | null>(null);
  const [draft, setDraft] = useState<TeamCalendar | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ data: Team[] }>('GET', '/api/v1/teams').then(
      (answer) => {
        setTeams(answer.data);
        setTeamId((current) => current ?? answer.data[0]?.id ?? null);
      },
      (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
    );
  }, []);

  useEffect(() => {
    if (teamId === null) return;
    setDraft(null);
    setStatus(null);
    setError(null);
    api<TeamCalendarResponse>('GET', `/api/v1/teams/${teamId}/calendar`).then(
      (answer) => {
        setLoaded(answer);
        setDraft(answer.calendar);
      },
      (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
    );
  }, [teamId]);

  const accept = (answer: TeamCalendarResponse, message: string) => {
    setLoaded(answer);
    setDraft(answer.calendar);
    setStatus(message);
  };

  const save = async () => {
    if (!draft || teamId === null) return;
    const problems = calendarProblems(draft);
    if (problems.length > 0) {
      setError(problems.join(' '));
      return;
    }
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const answer = await api<TeamCalendarResponse>(
        'PUT',
        `/api/v1/teams/${teamId}/calendar`,
        draft,
      );
      accept(
        answer,
        "Saved. The SLA due times of the team's open conversations are being recomputed.",
      );
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The calendar was not saved');
    } finally {
      setBusy(false);
    }
  };

  const importIcal = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || teamId === null) return;
    setError(null);
    try {
      const answer = await api<TeamCalendarResponse>(
        'POST',
        `/api/v1/teams/${teamId}/calendar/holidays/ical`,
        { ics: await file.text() },
      );
      accept(answer, `Imported ${answer.imported ?? 0} holidays from ${file.name}.`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The file was not imported');
    }
  };

  const canWrite = user.permissions.includes('settings:write');
  const dirty = !!draft && !!loaded && JSON.stringify(draft) !== JSON.stringify(loaded.calendar);
  return (
    <PageShell user={user} page="team-settings" title="Team settings" onSignOut={onSignOut}>
      <div className="settings-bar">
        <label className="field">
          <span>Team</span>
          <select
            value={teamId ?? ''}
            onChange={(event) => setTeamId(Number(event.target.value))}
            disabled={teams.length === 0}
          >
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        {loaded && !loaded.custom && (
          <p className="hint">
            No business hours yet: this team's SLA clocks run around the clock.
          </p>
        )}
      </div>
      {teams.length === 0 && !error && <p className="hint">No teams yet.</p>}
      {draft && (
        <section className="card settings-page-card" aria-label="Business hours">
          <h2>Business hours</h2>
          <BusinessHoursEditor calendar={draft} onChange={setDraft} />
          <div className="form-actions">
            {canWrite && (
              <label className="file-button">
                Import holidays (.ics)
                <input type="file" accept=".ics,text/calendar" onChange={importIcal} />
              </label>
            )}
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            {status && <output className="saved">{status}</output>}
            <button
              type="button"
              className="primary"
              onClick={() => void save()}
              disabled={!canWrite || busy || !dirty}
            >
              {busy ? 'Saving…' : 'Save business hours'}
            </button>
          </div>
        </section>
      )}
      {!draft && error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </PageShell>
  );
}
