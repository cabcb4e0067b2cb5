import { type ChangeEvent, useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { PageShell } from '../../components/page-shell.js';
import { BusinessHoursEditor } from './business-hours-editor.js';
import { calendarProblems, type TeamCalendar } from './calendar-problems.js';

type CalendarAnswer = ApiAnswer<'/api/v1/teams/{id}/calendar'>;

/** Business hours per team, for leads and admins: SLA clocks count only inside them. */
export function TeamSettingsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const teamList = useApiQuery('/api/v1/teams');
  const teams = teamList.data?.data ?? [];
  const [chosenTeamId, setChosenTeamId] = useState<number | null>(null);
  const teamId = chosenTeamId ?? teams[0]?.id ?? null;
  const read = useApiQuery(teamId === null ? null : '/api/v1/teams/{id}/calendar', {
    path: { id: teamId ?? 0 },
  });
  // What saving or importing answered wins over what was read, until another team is picked.
  const [written, setWritten] = useState<CalendarAnswer | null>(null);
  const loaded = read.loading ? null : written?.team_id === teamId ? written : read.data;
  // The edits in progress, for the calendar they started from.
  const [edited, setEdited] = useState<{ of: CalendarAnswer; calendar: TeamCalendar } | null>(null);
  const draft = loaded && edited?.of === loaded ? edited.calendar : (loaded?.calendar ?? null);
  const setDraft = (calendar: TeamCalendar) => loaded && setEdited({ of: loaded, calendar });
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const error = failure ?? (teamList.error ?? read.error)?.message ?? null;

  const pickTeam = (id: number) => {
    setChosenTeamId(id);
    setWritten(null);
    setStatus(null);
    setFailure(null);
  };

  const accept = (answer: CalendarAnswer, message: string) => {
    setWritten(answer);
    setStatus(message);
  };

  const save = async () => {
    if (!draft || teamId === null) return;
    const problems = calendarProblems(draft);
    if (problems.length > 0) {
      setFailure(problems.join(' '));
      return;
    }
    setBusy(true);
    setFailure(null);
    setStatus(null);
    try {
      const answer = await api('put', '/api/v1/teams/{id}/calendar', {
        path: { id: teamId },
        body: draft,
      });
      accept(
        answer,
        "Saved. The SLA due times of the team's open conversations are being recomputed.",
      );
    } catch (caught) {
      setFailure(failureText(caught, 'The calendar was not saved'));
    } finally {
      setBusy(false);
    }
  };

  const importIcal = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || teamId === null) return;
    setFailure(null);
    try {
      const answer = await api('post', '/api/v1/teams/{id}/calendar/holidays/ical', {
        path: { id: teamId },
        body: { ics: await file.text() },
      });
      accept(answer, `Imported ${answer.imported ?? 0} holidays from ${file.name}.`);
    } catch (caught) {
      setFailure(failureText(caught, 'The file was not imported'));
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
            onChange={(event) => pickTeam(Number(event.target.value))}
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
