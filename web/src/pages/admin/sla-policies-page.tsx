import { type FormEvent, useState } from 'react';
import {
  type ApiAnswer,
  type ApiBody,
  api,
  failureText,
  fieldProblemsOf,
} from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { followLink } from '../../app-route.js';
import { AdminShell } from './admin-shell.js';
import {
  describedBy,
  FieldProblem,
  listOf,
  otherProblems,
  type Problems,
  problemAt,
} from './field-problems.js';

type Policy = ApiAnswer<'/api/v1/sla-policies'>['data'][number];
type PolicyBody = ApiBody<'/api/v1/sla-policies', 'post'>;
type Preview = ApiAnswer<'/api/v1/sla-policies/preview', 'post'>;
type Priority = NonNullable<PolicyBody['conditions']['priorities']>[number];
const priorities: Priority[] = ['low', 'normal', 'high', 'urgent'];

/**
 * SLA policies (leads and admins): the list in the order they are tried, first match applies;
 * add, edit, move, delete; and a preview of a draft on the last 100 conversations.
 */
export function SlaPoliciesPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-sla"
      title="SLA policies"
      permission="settings:write"
      onSignOut={onSignOut}
    >
      <SlaPolicies />
    </AdminShell>
  );
}

interface Draft {
  name: string;
  firstResponse: string;
  nextResponse: string;
  resolution: string;
  businessHours: boolean;
  warningPercent: string;
  teamIds: number[];
  priorities: Priority[];
  tiers: string;
  notifyUserIds: number[];
  raisePriorityTo: '' | Priority;
}

const emptyDraft: Draft = {
  name: '',
  firstResponse: '',
  nextResponse: '',
  resolution: '',
  businessHours: true,
  warningPercent: '75',
  teamIds: [],
  priorities: [],
  tiers: '',
  notifyUserIds: [],
  raisePriorityTo: '',
};

/** Minutes in the form, seconds in the API. */
const minutesOf = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? '' : String(Math.round(seconds / 60));
const secondsOf = (minutes: string) => {
  const trimmed = minutes.trim();
  return trimmed === '' ? null : Math.round(Number(trimmed) * 60);
};

interface Escalation {
  notify_user_ids?: number[];
  raise_priority_to?: Priority;
  reassign_team_id?: number;
}

function draftOf(policy: Policy): Draft {
  const escalation = (policy.escalation ?? {}) as Escalation;
  return {
    name: policy.name,
    firstResponse: minutesOf(policy.first_response_seconds),
    nextResponse: minutesOf(policy.next_response_seconds),
    resolution: minutesOf(policy.resolution_seconds),
    businessHours: policy.business_hours,
    warningPercent: String(policy.warning_percent),
    teamIds: policy.conditions.team_ids ?? [],
    priorities: policy.conditions.priorities ?? [],
    tiers: (policy.conditions.tiers ?? []).join(', '),
    notifyUserIds: escalation.notify_user_ids ?? [],
    raisePriorityTo: escalation.raise_priority_to ?? '',
  };
}

function bodyOf(draft: Draft, reassignTeamId: number | undefined): PolicyBody {
  const tiers = listOf(draft.tiers);
  return {
    name: draft.name.trim(),
    business_hours: draft.businessHours,
    first_response_seconds: secondsOf(draft.firstResponse),
    next_response_seconds: secondsOf(draft.nextResponse),
    resolution_seconds: secondsOf(draft.resolution),
    warning_percent: Number(draft.warningPercent),
    conditions: {
      ...(draft.teamIds.length > 0 ? { team_ids: draft.teamIds } : {}),
      ...(draft.priorities.length > 0 ? { priorities: draft.priorities } : {}),
      ...(tiers ? { tiers } : {}),
    },
    escalation: {
      ...(draft.notifyUserIds.length > 0 ? { notify_user_ids: draft.notifyUserIds } : {}),
      ...(draft.raisePriorityTo ? { raise_priority_to: draft.raisePriorityTo } : {}),
      ...(reassignTeamId === undefined ? {} : { reassign_team_id: reassignTeamId }),
    },
  };
}

function duration(seconds: number | null): string | null {
  if (seconds === null) return null;
  const minutes = Math.round(seconds / 60);
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

function targetsText(policy: Policy): string {
  const parts = [
    ['first response', duration(policy.first_response_seconds)],
    ['next response', duration(policy.next_response_seconds)],
    ['resolution', duration(policy.resolution_seconds)],
  ]
    .filter(([, value]) => value !== null)
    .map(([what, value]) => `${what} ${value}`);
  return `${parts.join(', ')} (${policy.business_hours ? 'business hours' : 'calendar time'})`;
}

function Checkboxes<T extends string | number>(props: {
  legend: string;
  options: { value: T; label: string }[];
  chosen: T[];
  onChange(chosen: T[]): void;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={String(option.value)} className="inline-check">
          <input
            type="checkbox"
            checked={props.chosen.includes(option.value)}
            onChange={(event) =>
              props.onChange(
                event.target.checked
                  ? [...props.chosen, option.value]
                  : props.chosen.filter((value) => value !== option.value),
              )
            }
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

function SlaPolicies() {
  const policies = useApiQuery('/api/v1/sla-policies');
  const teams = useApiQuery('/api/v1/teams');
  const agents = useApiQuery('/api/v1/agents');
  const [editing, setEditing] = useState<Policy | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const list = policies.data?.data ?? [];
  const teamList = teams.data?.data ?? [];
  const teamName = (id: number | null) =>
    id === null ? 'no team' : (teamList.find((team) => team.id === id)?.name ?? `team ${id}`);
  // An escalation's reassignment is kept as it was: the form does not edit it (yet).
  const reassignTeamId = editing
    ? ((editing.escalation ?? {}) as Escalation).reassign_team_id
    : undefined;

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const done = await work();
      if (done) setStatus(done);
      setProblems({});
      return true;
    } catch (caught) {
      const fields = fieldProblemsOf(caught);
      setProblems(fields);
      setError(
        Object.keys(fields).length > 0
          ? 'Some fields need a change: see the messages beside them.'
          : failureText(caught, 'That did not work'),
      );
      return false;
    } finally {
      setBusy(false);
    }
  };
  const update = (change: Partial<Draft>) => {
    setDraft((before) => ({ ...before, ...change }));
    setPreview(null);
  };
  const startEditing = (policy: Policy) => {
    setEditing(policy);
    setDraft(draftOf(policy));
    setProblems({});
    setPreview(null);
    setError(null);
    setStatus(null);
  };
  const stopEditing = () => {
    setEditing(null);
    setDraft(emptyDraft);
    setProblems({});
    setPreview(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = bodyOf(draft, reassignTeamId);
    const saved = await run(async () => {
      if (editing) {
        await api('put', '/api/v1/sla-policies/{id}', { path: { id: editing.id }, body });
        return `Policy "${body.name}" is saved; open conversations are measured again.`;
      }
      await api('post', '/api/v1/sla-policies', { body });
      return `Policy "${body.name}" is added at the end of the list.`;
    });
    if (saved) {
      stopEditing();
      policies.reload();
    }
  };

  const runPreview = () =>
    run(async () => {
      setPreview(
        await api('post', '/api/v1/sla-policies/preview', {
          body: bodyOf(draft, reassignTeamId),
          query: editing ? { policy_id: editing.id } : {},
        }),
      );
      return null;
    });

  /** Moves a policy one place and numbers the whole list 0..n-1 (only changed ones are sent). */
  const move = (index: number, by: -1 | 1) =>
    run(async () => {
      const ordered = [...list];
      const [mover] = ordered.splice(index, 1);
      if (!mover) return null;
      ordered.splice(index + by, 0, mover);
      for (const [position, policy] of ordered.entries()) {
        if (policy.position === position) continue;
        const reassign = ((policy.escalation ?? {}) as Escalation).reassign_team_id;
        await api('put', '/api/v1/sla-policies/{id}', {
          path: { id: policy.id },
          body: { ...bodyOf(draftOf(policy), reassign), position },
        });
      }
      policies.reload();
      return `Policy "${mover.name}" moved ${by < 0 ? 'up' : 'down'}.`;
    });

  const remove = (policy: Policy) =>
    run(async () => {
      await api('delete', '/api/v1/sla-policies/{id}', { path: { id: policy.id } });
      if (editing?.id === policy.id) stopEditing();
      policies.reload();
      return `Policy "${policy.name}" is deleted.`;
    });

  const field = (id: string, path: string) => {
    const problem = problemAt(problems, path);
    return { problem, props: describedBy(id, problem) };
  };
  const name = field('policy-name', 'name');
  const first = field('policy-first', 'first_response_seconds');
  const next = field('policy-next', 'next_response_seconds');
  const resolution = field('policy-resolution', 'resolution_seconds');
  const warning = field('policy-warning', 'warning_percent');
  const tiers = field('policy-tiers', 'conditions/tiers');
  const teamsProblem = problemAt(problems, 'conditions/team_ids');
  const notifyProblem = problemAt(problems, 'escalation');
  const unplaced = otherProblems(problems, [
    'name',
    'first_response_seconds',
    'next_response_seconds',
    'resolution_seconds',
    'warning_percent',
    'conditions',
    'escalation',
  ]);

  return (
    <div className="admin-grid">
      <p className="hint">
        Each conversation is measured against the first policy that matches it. Targets count in the
        team's business hours or in calendar time; a warning comes at the warning share of a target,
        and a breach escalates.
      </p>
      {status && <output className="saved">{status}</output>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section className="card" aria-labelledby="policies-heading" aria-busy={policies.loading}>
        <h2 id="policies-heading">Policies, in the order they are tried</h2>
        {policies.error ? (
          <p className="form-error" role="alert">
            {policies.error.message}
          </p>
        ) : policies.data === null ? (
          <p className="hint">Loading…</p>
        ) : list.length === 0 ? (
          <p className="hint">No SLA policies yet: add the first one below.</p>
        ) : (
          <ol className="rule-list">
            {list.map((policy, index) => (
              <li key={policy.id} data-policy-name={policy.name}>
                <div className="rule-summary">
                  <strong>{policy.name}</strong>
                  <span>{targetsText(policy)}</span>
                  <span className="hint">
                    {[
                      policy.conditions.team_ids &&
                        `teams ${policy.conditions.team_ids.map(teamName).join(', ')}`,
                      policy.conditions.priorities &&
                        `priority ${policy.conditions.priorities.join(', ')}`,
                      policy.conditions.tiers && `tier ${policy.conditions.tiers.join(', ')}`,
                    ]
                      .filter(Boolean)
                      .join('; ') || 'every conversation'}
                  </span>
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    disabled={busy || index === 0}
                    aria-label={`Move ${policy.name} up`}
                    onClick={() => void move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={busy || index === list.length - 1}
                    aria-label={`Move ${policy.name} down`}
                    onClick={() => void move(index, 1)}
                  >
                    ↓
                  </button>
                  <button type="button" disabled={busy} onClick={() => startEditing(policy)}>
                    Edit<span className="visually-hidden"> {policy.name}</span>
                  </button>
                  <button type="button" disabled={busy} onClick={() => void remove(policy)}>
                    Delete<span className="visually-hidden"> {policy.name}</span>
                  </button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="policy-form-heading">
        <h2 id="policy-form-heading">
          {editing ? `Edit policy: ${editing.name}` : 'New SLA policy'}
        </h2>
        <form className="admin-form rule-form" onSubmit={save} noValidate>
          <label>
            Name
            <input
              type="text"
              value={draft.name}
              onChange={(e) => update({ name: e.target.value })}
              maxLength={200}
              {...name.props}
            />
            <FieldProblem id="policy-name" problem={name.problem} />
          </label>
          <fieldset className="rule-conditions">
            <legend>Targets in minutes (leave empty for none; set at least one)</legend>
            {(
              [
                ['First response', 'firstResponse', first, 'policy-first'],
                ['Next response', 'nextResponse', next, 'policy-next'],
                ['Resolution', 'resolution', resolution, 'policy-resolution'],
              ] as const
            ).map(([text, key, state, id]) => (
              <label key={key}>
                {text}
                <input
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={draft[key]}
                  onChange={(e) => update({ [key]: e.target.value })}
                  {...state.props}
                />
                <FieldProblem id={id} problem={state.problem} />
              </label>
            ))}
            <label className="inline-check">
              <input
                type="checkbox"
                checked={draft.businessHours}
                onChange={(e) => update({ businessHours: e.target.checked })}
              />
              Count only the team's business hours
            </label>
            <label>
              Warn at (% of a target)
              <input
                type="number"
                min={1}
                max={99}
                value={draft.warningPercent}
                onChange={(e) => update({ warningPercent: e.target.value })}
                {...warning.props}
              />
              <FieldProblem id="policy-warning" problem={warning.problem} />
            </label>
          </fieldset>
          <fieldset className="rule-conditions">
            <legend>Applies to (nothing chosen: every conversation)</legend>
            {teamList.length > 0 && (
              <Checkboxes
                legend="Teams"
                options={teamList.map((team) => ({ value: team.id, label: team.name }))}
                chosen={draft.teamIds}
                onChange={(teamIds) => update({ teamIds })}
              />
            )}
            {teamsProblem && <span className="field-problem">{teamsProblem}</span>}
            <Checkboxes
              legend="Priorities"
              options={priorities.map((value) => ({ value, label: value }))}
              chosen={draft.priorities}
              onChange={(chosen) => update({ priorities: chosen })}
            />
            <label>
              Contact tiers (comma-separated)
              <input
                type="text"
                value={draft.tiers}
                onChange={(e) => update({ tiers: e.target.value })}
                placeholder="vip, gold"
                {...tiers.props}
              />
              <FieldProblem id="policy-tiers" problem={tiers.problem} />
            </label>
          </fieldset>
          <fieldset className="rule-conditions">
            <legend>On a breach</legend>
            {(agents.data?.data ?? []).length > 0 && (
              <Checkboxes
                legend="Notify"
                options={(agents.data?.data ?? []).map((agent) => ({
                  value: agent.id,
                  label: agent.name,
                }))}
                chosen={draft.notifyUserIds}
                onChange={(notifyUserIds) => update({ notifyUserIds })}
              />
            )}
            <label>
              Raise priority to
              <select
                value={draft.raisePriorityTo}
                onChange={(e) =>
                  update({ raisePriorityTo: e.target.value as Draft['raisePriorityTo'] })
                }
              >
                <option value="">Leave as it is</option>
                {priorities.map((one) => (
                  <option key={one} value={one}>
                    {one}
                  </option>
                ))}
              </select>
            </label>
            {notifyProblem && <span className="field-problem">{notifyProblem}</span>}
          </fieldset>
          {unplaced.length > 0 && (
            <ul className="form-error">
              {unplaced.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <div className="row-actions">
            <button type="button" disabled={busy} onClick={() => void runPreview()}>
              Preview on recent conversations
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {editing ? 'Save policy' : 'Add policy'}
            </button>
            {editing && (
              <button type="button" disabled={busy} onClick={stopEditing}>
                Cancel
              </button>
            )}
          </div>
        </form>
        {preview && (
          <section className="rule-preview" aria-label="Preview" aria-live="polite">
            <p>
              <strong>
                {preview.matched} of the last {preview.considered} conversations
              </strong>{' '}
              would fall under this policy
              {preview.matched > 0
                ? `; ${preview.changes_policy} of them are measured by another policy or none today`
                : ''}
              .
              {preview.first_response_missed !== null &&
                ` ${preview.first_response_missed} would have missed its first-response target.`}
            </p>
            {preview.examples.length > 0 && (
              <ul className="admin-list preview-examples">
                {preview.examples.map((example) => (
                  <li key={example.conversation_id}>
                    <a href={`/conversations/${example.conversation_id}`} onClick={followLink}>
                      #{example.conversation_id}
                    </a>
                    <span className="hint">
                      {teamName(example.team_id)}, {example.priority}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </section>
    </div>
  );
}
